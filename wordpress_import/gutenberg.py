"""Gutenberg's block grammar: the `<!-- wp:name {attrs} -->…<!-- /wp:name -->` comments that
WordPress 5 and later store around each block of a post, read into a tree (the same grammar as
WordPress's own block parser, @wordpress/block-serialization-default-parser).

HTML outside any block (a post written in the classic editor, or classic parts of a mixed post)
becomes a `core/freeform` block, as WordPress treats it.
"""

import json
import re
from dataclasses import dataclass, field

DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>{(?:(?:[^}]+|}+(?=})|(?!}\s+/?-->).)*)?}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


@dataclass
class Block:
    name: str  # "core/paragraph", "acf/teaser" …
    attrs: dict = field(default_factory=dict)
    # The block's own HTML with its inner blocks left out, and the inner blocks in order;
    # `parts` interleaves both (strings and Blocks) as they stand in the post.
    inner_blocks: list["Block"] = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def html(self) -> str:
        return "".join(part for part in self.parts if isinstance(part, str))


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def parse_blocks(content: str) -> list[Block]:
    """The post's top-level blocks; a delimiter left open is closed at the end, a stray closer
    ignored (as WordPress does)."""
    root = Block("root")
    stack = [root]
    position = 0
    for match in DELIMITER.finditer(content):
        _add_html(stack[-1], content[position : match.start()], top=len(stack) == 1)
        position = match.end()
        name = (match.group("namespace") or "core/") + match.group("name")
        if match.group("closer"):
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            continue
        block = Block(name, _attrs(match.group("attrs")))
        stack[-1].inner_blocks.append(block)
        stack[-1].parts.append(block)
        if not match.group("void"):
            stack.append(block)
    _add_html(stack[-1], content[position:], top=len(stack) == 1)
    return root.inner_blocks


def _add_html(parent: Block, html: str, top: bool) -> None:
    if not html:
        return
    if top:
        if html.strip():
            freeform = Block("core/freeform", parts=[html])
            parent.inner_blocks.append(freeform)
            parent.parts.append(freeform)
    else:
        parent.parts.append(html)


def _attrs(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
