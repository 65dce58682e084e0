from django import template

from municipalities.models import MunicipalityPage

register = template.Library()


@register.inclusion_tag("municipalities/includes/section_links.html")
def municipality_sections(site_root):
    """Links to the live, public municipality sections below the site's home page. A tag, so the
    home page (`home`) lists the sections without its model knowing this app."""
    return {"municipalities": MunicipalityPage.objects.child_of(site_root).live().public()}
