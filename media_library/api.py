"""The read-only API's images and documents: only public files (media_library/visibility.py), and
for images a rendition's address instead of the original's, which keeps the upload's full size and
whatever metadata the uploader's camera wrote."""

from wagtail.api.v2.utils import get_restricted_collection_ids
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from . import visibility

# Large enough for an intranet's article image, and never the original.
API_RENDITION = "max-1600x1600"


class PublicImageSerializer(ImageSerializer):
    rendition = ImageRenditionField(API_RENDITION, source="*", read_only=True)


def _without_download_url(fields):
    return [field for field in fields if field != "download_url"]


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    base_serializer_class = PublicImageSerializer
    meta_fields = _without_download_url(ImagesAPIViewSet.meta_fields)
    body_fields = ImagesAPIViewSet.body_fields + ["rendition"]
    listing_default_fields = _without_download_url(ImagesAPIViewSet.listing_default_fields) + [
        "rendition"
    ]
    nested_default_fields = _without_download_url(ImagesAPIViewSet.nested_default_fields) + [
        "rendition"
    ]

    def get_queryset(self):
        return (
            visibility.public_objects(self.model)
            .exclude(collection__in=get_restricted_collection_ids(self.request))
            .order_by("id")
        )


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return (
            visibility.public_objects(self.model)
            .exclude(collection__in=get_restricted_collection_ids(self.request))
            .order_by("id")
        )
