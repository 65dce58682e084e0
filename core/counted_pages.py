"""Pages whose readers are counted mark their response; `insights` counts the marked responses.

The mark is an attribute, not a header: it is pickled with a cached response (so views of cached
pages count too) and never sent to the reader.
"""

COUNTED_ATTRIBUTE = "counted_page_view"


class CountedPageMixin:
    """For page models whose readers are counted: articles and municipality sections."""

    def counted_municipality_id(self) -> int | None:
        raise NotImplementedError

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(request, "is_preview", False):
            setattr(response, COUNTED_ATTRIBUTE, (self.pk, self.counted_municipality_id()))
        return response
