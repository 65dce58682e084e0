"""WordPress shortcodes in classic posts: the ones with content become HTML the converter knows
(captioned images, galleries, embeds, audio, video); any other is taken out, its inner text
kept, and named in the report."""

import html
import re

SHORTCODE = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)\](?:(?P<inner>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# WordPress turns a URL alone on its line into an embed (oEmbed "auto-embeds").
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)


def attributes(text: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(
            match.group(2) or match.group(3) or match.group(4) or ""
        )
        for match in ATTRIBUTE.finditer(text or "")
    }


def _tag(name: str, **attrs) -> str:
    values = " ".join(f'{key}="{html.escape(value, quote=True)}"' for key, value in attrs.items())
    return f"<{name} {values}></{name}>"


def expand(content: str, unknown: list[str]) -> str:
    """Content with known shortcodes made into placeholder elements (x-wp-…) and unknown ones
    removed; the names of unknown ones are appended to `unknown`."""

    def replace(match: re.Match) -> str:
        name = match.group("name").lower()
        attrs = attributes(match.group("attrs"))
        inner = match.group("inner") or ""
        if name in ("caption", "wp_caption"):
            # [caption id="attachment_12" …]<a><img …></a> Bildtexten[/caption]
            split = re.match(
                r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.DOTALL
            )
            if not split:
                return expand(inner, unknown)
            caption = attrs.get("caption") or split.group(2)
            return f"<figure>{split.group(1)}<figcaption>{caption.strip()}</figcaption></figure>"
        if name == "gallery":
            return _tag("x-wp-gallery", ids=attrs.get("ids", ""), include=attrs.get("include", ""))
        if name == "embed":
            return _tag("x-wp-embed", url=html.unescape(inner.strip()))
        if name in ("audio", "video"):
            source = attrs.get("src") or next(
                (
                    value
                    for key, value in attrs.items()
                    if key
                    in ("mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "mov", "flv")
                ),
                "",
            )
            return _tag(f"x-wp-{name}", src=source)
        if name in ("youtube", "vimeo") and inner.strip().startswith("http"):
            return _tag("x-wp-embed", url=html.unescape(inner.strip()))
        unknown.append(name)
        return expand(inner, unknown)

    content = SHORTCODE.sub(replace, content)
    return BARE_URL_LINE.sub(
        lambda match: _tag("x-wp-embed", url=match.group(1), bare="1"), content
    )
