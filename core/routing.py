"""Routing to a child page in one query instead of two.

Wagtail finds a child by its slug as a plain `Page`, then loads its own class's row in a second
query. A page whose children are all of one class (a municipality's articles) can ask that class
directly, with whatever the child's page needs joined in (`routing_queryset()` on the child's
class), so an article is found, with its type and municipality, in one query.
"""

from django.http import Http404


class SingleQueryChildRouteMixin:
    def route(self, request, path_components):
        child_models = self.specific_class.allowed_subpage_models()
        if not path_components or len(child_models) != 1:
            return super().route(request, path_components)
        model = child_models[0]
        queryset = model.routing_queryset() if hasattr(model, "routing_queryset") else model.objects
        child = queryset.child_of(self).filter(slug=path_components[0]).first()
        if child is None:
            raise Http404
        # As Wagtail does: the parent is known, treebeard's get_parent() need not ask again.
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])
