from wagtail.documents import get_document_model

from core.signal_handlers import clear_page_cache_when_changed

from .models import SiteImage, SiteMedia

# Pages show these files (and their titles, alt texts, captions): editing or deleting one must
# not leave cached pages pointing at the old file or a deleted one.
clear_page_cache_when_changed(SiteImage, SiteMedia, get_document_model())
