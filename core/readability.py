"""Readability of Swedish text: LIX (läsbarhetsindex, Carl-Hugo Björnsson 1968) and its band.

LIX = words / sentences + 100 × long words / words, where a long word has more than six letters.

The same rules run in the page editor as the writer types (static/js/readability.js): the
counting below is written so that the script can do exactly the same, character by character,
and the numbers it depends on (RULES) are handed to the script as JSON by the side panel, so the
two cannot drift apart. tests/test_readability.py checks this function against hand-counted
Swedish examples and the script against this function in a browser.

How the text is counted (both sides):
- The text is Unicode NFC. Paragraphs are separated by line breaks; each rich-text block, list
  item, heading and short field is a paragraph of its own.
- A word is a run of characters between white space that holds at least one letter or digit
  (Unicode categories L* and N*): "e-post", "7–9" and "t.ex." are one word each.
- A word is long when it has more than six letters (digits and punctuation do not count):
  "förskoleklass" is long, "e-post" (5 letters) is not.
- A sentence ends at a word whose last character, after closing quotes and brackets, is one of
  . ! ? : — unless the next word in the paragraph begins with a lower-case letter ("t.ex. när",
  "kl. nio" go on). The end of a paragraph also ends a sentence, so a heading without a full
  stop is a sentence of its own.
"""

import math
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from wagtail import blocks

LONG_WORD_LETTERS = 6  # a long word has *more* than this many letters
SENTENCE_END = ".!?:"
CLOSING = "\"'”’»)]"

# The bands of lix.se, the Swedish LIX counter built on Björnsson's scale (also quoted by
# Språkkonsulterna, "När är det bra att använda lix?", sprakkonsulterna.se, and Nypon förlag,
# nyponforlag.se/lix): under 30 mycket lättläst (barnböcker), 30–40 lättläst (skönlitteratur,
# populärtidningar), 40–50 medelsvår (normal tidningstext), 50–60 svår (normalt värde för
# officiella texter), over 60 mycket svår (byråkratsvenska). A value on an edge belongs to the
# harder band (40.0 is medelsvår).
BANDS = (
    (30, "mycket lätt", "Mycket lättläst, som barnböcker."),
    (40, "lätt", "Lättläst, som skönlitteratur och populärtidningar."),
    (50, "medelsvår", "Medelsvår, som vanlig tidningstext."),
    (60, "svår", "Svår, som officiella texter brukar vara."),
    (math.inf, "mycket svår", "Mycket svår, som byråkratsvenska."),
)

# What the editor's panel flags besides the LIX value (static/js/readability.js).
LONG_SENTENCE_WORDS = 25  # Klarspråk advice: most sentences well under 20–25 words
LONG_PARAGRAPH_WORDS = 80  # about five or six ordinary sentences
# Link texts that say nothing about where the link goes (WCAG 2.4.4), lower case, without the
# full stop or colon a writer may end them with.
VAGUE_LINK_TEXTS = (
    "här",
    "klicka här",
    "klicka",
    "läs mer",
    "läs mer här",
    "mer",
    "mer info",
    "mer information",
    "länk",
    "länken",
    "denna länk",
    "den här länken",
    "gå hit",
    "se här",
)

RULES = {
    "longWordLetters": LONG_WORD_LETTERS,
    "sentenceEnd": SENTENCE_END,
    "closing": CLOSING,
    "bands": [
        {"below": None if math.isinf(edge) else edge, "name": name, "explanation": text}
        for edge, name, text in BANDS
    ],
    "longSentenceWords": LONG_SENTENCE_WORDS,
    "longParagraphWords": LONG_PARAGRAPH_WORDS,
    "vagueLinkTexts": list(VAGUE_LINK_TEXTS),
}


@dataclass(frozen=True)
class Lix:
    words: int
    long_words: int
    sentences: int

    @property
    def value(self) -> float | None:
        """LIX with one decimal (rounded half up, as the script rounds), None without words."""
        if not self.words or not self.sentences:
            return None
        exact = self.words / self.sentences + 100 * self.long_words / self.words
        return math.floor(exact * 10 + 0.5) / 10

    @property
    def band(self) -> str:
        return band(self.value)


def band(value: float | None) -> str:
    if value is None:
        return ""
    return next(name for edge, name, _text in BANDS if value < edge)


def band_explanation(value: float | None) -> str:
    if value is None:
        return ""
    return next(text for edge, _name, text in BANDS if value < edge)


def _is_word_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LN"


def _is_letter(character: str) -> bool:
    return unicodedata.category(character)[0] == "L"


def _is_lower_case(character: str) -> bool:
    # As the script tests it: lower case that has an upper-case form.
    return character.lower() == character and character.upper() != character


def _ends_sentence(token: str) -> bool:
    stripped = token.rstrip(CLOSING)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def _starts_lower_case(token: str) -> bool:
    for character in token:
        if _is_word_character(character):
            return _is_lower_case(character)
    return False


def lix(text: str) -> Lix:
    """Words, long words and sentences of `text` (paragraphs separated by line breaks)."""
    words = long_words = sentences = 0
    for paragraph in unicodedata.normalize("NFC", text).split("\n"):
        tokens = paragraph.split()
        words_since_end = 0
        for position, token in enumerate(tokens):
            if any(_is_word_character(character) for character in token):
                words += 1
                words_since_end += 1
                if sum(1 for character in token if _is_letter(character)) > LONG_WORD_LETTERS:
                    long_words += 1
            if words_since_end and _ends_sentence(token):
                following = tokens[position + 1] if position + 1 < len(tokens) else ""
                if not _starts_lower_case(following):
                    sentences += 1
                    words_since_end = 0
        if words_since_end:
            sentences += 1
    return Lix(words, long_words, sentences)


# The prose a page's readability is measured on: its summary and, in its body, these blocks'
# fields (None: the block is rich text itself). Captions, link texts, alt texts and embed titles
# are left out. The script reads the same fields from the editor's form.
PROSE_FIELDS = ("summary",)
PROSE_BLOCKS = {
    "paragraph": None,
    "heading": ("text",),
    "quote": ("text",),
    "fact_box": ("title", "body"),
    "lesson_plan": ("aim", "steps"),
}
RULES["proseFields"] = list(PROSE_FIELDS)
RULES["proseBlocks"] = {name: fields and list(fields) for name, fields in PROSE_BLOCKS.items()}

_BLOCK_ELEMENTS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "br"}


class _Paragraphs(HTMLParser):
    """Rich text as paragraphs: each block element (and list item) on a line of its own."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data.replace("\n", " "))


def html_text(html: str) -> str:
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _value_text(block, value) -> list[str]:
    if isinstance(block, blocks.RichTextBlock):
        return [html_text(value.source if value else "")]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in _value_text(block.child_block, item)]
    if isinstance(value, str):
        return [value]
    return []


def page_text(page) -> str:
    """The prose of a page (any page type with these fields), paragraphs on lines of their own."""
    parts = [getattr(page, name, "") or "" for name in PROSE_FIELDS]
    for child in getattr(page, "body", None) or []:
        if child.block_type not in PROSE_BLOCKS:
            continue
        fields = PROSE_BLOCKS[child.block_type]
        if fields is None:
            parts += _value_text(child.block, child.value)
            continue
        for name in fields:
            parts += _value_text(child.block.child_blocks[name], child.value.get(name))
    return "\n".join(part for part in parts if part.strip())
