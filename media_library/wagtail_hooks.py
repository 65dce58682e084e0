from django.http import Http404
from wagtail import hooks

from . import visibility


@hooks.register("before_serve_document")
def serve_only_visible_documents(document, request):
    # A document for a draft is for staff who may choose it; not found for everyone else, so that
    # ids cannot be walked to discover what is being prepared.
    if not visibility.may_see(request.user, document):
        raise Http404("Dokumentet finns inte.")
