from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def pedagogsajten_admin_colours():
    """The site's colours and the few admin parts of its own (static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def pedagogsajten_admin_fixes():
    """Small fixes to the admin's behaviour (static/js/admin.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin.js"))
