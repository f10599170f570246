"""Calendar invitations (RFC 5545) for community impact review meetings."""

from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Workbridge//Review meetings//EN"


def meeting_calendar(
    *,
    uid: str,
    sequence: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    description: str,
    organiser_name: str,
    organiser_email: str,
    attendees: list[tuple[str, str]],
    cancelled: bool = False,
    stamp: datetime | None = None,
) -> bytes:
    """One VEVENT in a VCALENDAR with METHOD:REQUEST (or CANCEL), ready to attach or download."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp or datetime.now(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", title)
    if place:
        event.add("location", place)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organiser_email:
        organizer = vCalAddress(f"mailto:{organiser_email}")
        organizer.params["cn"] = vText(organiser_name or organiser_email)
        event.add("organizer", organizer)
    for name, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name or email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
