"""schema.org Event metadata for search engines and calendars that read it."""

from django.utils import timezone

from core.structured_data import json_ld, municipality_organisation

ATTENDANCE = {
    "plats": "https://schema.org/OfflineEventAttendanceMode",
    "digitalt": "https://schema.org/OnlineEventAttendanceMode",
    "båda": "https://schema.org/MixedEventAttendanceMode",
}


def event_json_ld(event, school_forms) -> str:
    """schema.org Event as JSON-LD, safe inside a <script> element."""
    locations = []
    if event.place.strip():
        locations.append({"@type": "Place", "name": event.place, "address": event.place})
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "inLanguage": "sv",
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE[event.attendance],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": event.organiser},
        "url": event.full_url,
        "audience": [
            {"@type": "EducationalAudience", "educationalRole": form.name} for form in school_forms
        ],
    }
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    if event.municipality_id:
        data["sourceOrganization"] = municipality_organisation(event.municipality)
    return json_ld(data)
