"""schema.org JSON-LD shared by the page types that describe themselves to search engines."""

import json


def municipality_organisation(municipality) -> dict:
    """The municipality a page comes from, as schema.org's `sourceOrganization`."""
    return {"@type": "GovernmentOrganization", "name": f"{municipality.title} kommun"}


def json_ld(data: dict) -> str:
    """`data` as JSON that is safe inside a <script> element: no `<`, `>` or `&` can end it."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
