"""Blocks only articles use; everything shared is in core/blocks.py."""

from wagtail import blocks

from core.blocks import BaseStreamBlock


class LessonPlanBlock(blocks.StructBlock):
    """A lesson plan in a fixed shape, so a colleague can pick it up and use it."""

    aim = blocks.RichTextBlock(label="syfte och mål", features=["bold", "italic", "ul", "link"])
    target_group = blocks.CharBlock(label="målgrupp", max_length=150, help_text="T.ex. ”Åk 4–6”.")
    duration = blocks.CharBlock(
        label="tidsåtgång", max_length=100, help_text="T.ex. ”2 × 60 minuter”."
    )
    materials = blocks.ListBlock(
        blocks.CharBlock(label="material", max_length=200), label="material"
    )
    steps = blocks.ListBlock(blocks.TextBlock(label="steg"), label="genomförande", min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Lektionsupplägg"
        template = "blog/blocks/lesson_plan_block.html"


class ArticleBodyBlock(BaseStreamBlock):
    lesson_plan = LessonPlanBlock()
