"""Search indexing deferred to the end of an import: one bulk write per model and backend
instead of one request per saved object (5,000 articles would be 5,000 engine requests and as
many vocabulary updates)."""

import contextlib

from django.conf import settings
from django.db.models.signals import post_save
from django.test.utils import override_settings
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from search.suggest import rebuild_vocabulary, register_source, sources

CHUNK = 500


@contextlib.contextmanager
def deferred():
    """Inside, saving an object indexes nothing: every backend's AUTO_UPDATE is off (what the
    project's own signal handlers check too, blog/signal_handlers.py), modelsearch's per-save
    handler (which would read each object again only to find indexing off) is not called, the
    "did you mean" vocabulary is not read per saved article and Wagtail's reference index
    (the admin's "usage" counts) is not rewritten on every save of a page. Afterwards all are
    as before; `index()` brings them up to date once."""
    backends = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    paused = sources()
    for source in paused:
        post_save.disconnect(
            sender=source.model, dispatch_uid=f"search-vocabulary-{source.key}-saved"
        )
    indexed = [
        model for model in get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    for model in indexed:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with (
            override_settings(WAGTAILSEARCH_BACKENDS=backends),
            disable_reference_index_auto_update(),
        ):
            yield
    finally:
        for model in indexed:
            post_save.connect(post_save_signal_handler, sender=model)
        for source in paused:
            register_source(source.key, source.model, source.findable)


def index(objects_by_model: dict, removed_by_model: dict | None = None) -> int:
    """Write the given objects (pks per model) to every search backend in bulk, only those the
    model lets readers find (get_indexed_objects: live, public articles), remove the others,
    and read the vocabulary again. Returns how many objects were indexed."""
    indexed = 0
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        for model, pks in objects_by_model.items():
            pks = sorted(set(pks))
            if not pks:
                continue
            index = backend.get_index_for_model(model)
            findable = model.get_indexed_objects().filter(pk__in=pks)
            found = set()
            for start in range(0, len(pks), CHUNK):
                chunk = list(findable.filter(pk__in=pks[start : start + CHUNK]))
                if chunk:
                    index.add_items(model, chunk)
                    found.update(obj.pk for obj in chunk)
            indexed += len(found)
            for obj in model.objects.filter(pk__in=set(pks) - found):
                backend.delete(obj)  # not findable (a draft now): out of the index
        for model, pks in (removed_by_model or {}).items():
            for obj in model.objects.filter(pk__in=pks):
                backend.delete(obj)
    for model, pks in objects_by_model.items():
        for obj in model.objects.filter(pk__in=pks).iterator(chunk_size=CHUNK):
            ReferenceIndex.create_or_update_for_object(obj)
    if sources():
        rebuild_vocabulary()
    return indexed
