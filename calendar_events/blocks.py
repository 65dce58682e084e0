"""An event's body: the shared blocks (core/blocks.py); an event needs nothing of its own."""

from core.blocks import BaseStreamBlock


class EventBodyBlock(BaseStreamBlock):
    pass
