"""Routing to a child page in one query instead of two, and its view restrictions likewise.

Wagtail finds a child by its slug as a plain `Page`, then loads its own class's row in a second
query. A page whose children are all of one class (a municipality's articles) can ask that class
directly, with whatever the child's page needs joined in (`routing_queryset()` on the child's
class): an article is found, with its type and municipality, in one query. A page with children
of several classes (the home page: sections, fixed pages; a section: articles and events) joins
each class's table to the page row, with what that class's `routing_queryset()` joins, so the
child comes back as its own class, ready to show, from the same query.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.functions import Coalesce
from django.http import Http404
from wagtail.models import Page, PageViewRestriction


def _joinable(models) -> list[str]:
    """The names under which `Page` reaches each model's row (its reverse parent link), or []
    when one of them is not a direct subclass of Page."""
    names = []
    for model in models:
        if model._meta.get_parent_list() != [Page]:
            return []
        names.append(model._meta.model_name)
    return names


def _select_paths(tree: dict, prefix: str) -> list[str]:
    """Django's nested select_related dict ({"a": {"b": {}}}) as paths under `prefix`."""
    paths = []
    for name, below in tree.items():
        path = f"{prefix}__{name}"
        paths += _select_paths(below, path) if below else [path]
    return paths


def _joined_relations(models, names) -> list[str]:
    """Each child class's own table and what its `routing_queryset()` joins, reached from Page
    (an article's type, section and hero image as `articlepage__article_type` …)."""
    related = list(names)
    for model, name in zip(models, names, strict=True):
        routing_queryset = getattr(model, "routing_queryset", None)
        joined = routing_queryset().query.select_related if routing_queryset else None
        if isinstance(joined, dict):
            related += _select_paths(joined, name)
    return related


def _joined_child(page, names):
    """The child's own instance among the joined tables (one of them holds its row)."""
    for name in names:
        try:
            yield getattr(page, name)
        except ObjectDoesNotExist:
            continue


class SingleQueryChildRouteMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child_models = self.specific_class.allowed_subpage_models()
        slug = path_components[0]
        if len(child_models) == 1:
            model = child_models[0]
            queryset = getattr(model, "routing_queryset", lambda: model.objects)()
            child = queryset.child_of(self).filter(slug=slug).first()
        elif names := _joinable(child_models):
            related = _joined_relations(child_models, names)
            page = Page.objects.child_of(self).filter(slug=slug).select_related(*related).first()
            child = None
            if page is not None:
                # A child of a class no longer allowed here is still found, as Wagtail finds it.
                child = next(_joined_child(page, names), None) or page.specific
        else:
            return super().route(request, path_components)
        if child is None:
            raise Http404
        # As Wagtail does: the parent is known, treebeard's get_parent() need not ask again.
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])


class OneQueryViewRestrictionsMixin:
    """Wagtail's `get_view_restrictions()` in one query instead of two: the restrictions on this
    page and its ancestors, each alias's on its source page (as Wagtail resolves them), found by
    the ancestors' tree paths, which the page's own path holds."""

    def get_view_restrictions(self):
        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        sources = (
            Page.objects.filter(path__in=[self.path[:end] for end in steps])
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)
