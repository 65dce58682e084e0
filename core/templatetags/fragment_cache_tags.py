"""{% cachedfragment "name" key … %}…{% endcachedfragment %}: the enclosed template, rendered
once per generation of published content and key (core/fragment_cache.py).

Django's own {% cache %} tag would do, but it lets a cache error through: with Redis away every
page using it would fail. This one renders the fragment as if nothing were cached."""

from django import template
from django.utils.safestring import mark_safe

from core.fragment_cache import cached

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context):
        keys = [key.resolve(context) for key in self.keys]
        return mark_safe(
            cached(self.name.resolve(context), *keys, build=lambda: self.nodelist.render(context))
        )


@register.tag("cachedfragment")
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfragment needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
