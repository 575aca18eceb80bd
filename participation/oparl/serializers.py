"""Our models as OParl 1.1 objects (https://oparl.org/spezifikation/).

Each function takes the object and `urls` (absolute URLs for the request) and returns a dict
with OParl's field names. `embedded=True` leaves out the back-reference to the parent, as the
spec does for objects output inside another ("interne Ausgabe"). Related rows must be
prefetched by the caller: the functions read `.all()` only.
"""

from __future__ import annotations

import datetime
import mimetypes
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from participation.models import Consultation
from participation.oparl.publication import agenda_item_is_public
from participation.oparl.tombstones import TYPES

if TYPE_CHECKING:
    from django.db.models import Model

    from concepts.models import Municipality
    from participation.models import (
        AgendaItem,
        Amendment,
        Committee,
        CommitteeMeeting,
        CommitteeMembership,
        LegislativeTerm,
        OParlRecord,
        Paper,
        PaperAttachment,
    )
    from participation.models.council import VoteRecord
    from participation.oparl.views import Person, Urls

OPARL_VERSION = "https://schema.oparl.org/1.1/"
VOTES_FIELD = "x-integration:votes"
AMENDMENTS_FIELD = "x-integration:amendments"
RESULT_FIELD = "x-integration:result"


def oparl_type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def date_time(value: datetime.datetime | None) -> str | None:
    """ISO 8601 with the offset of German time, e.g. 2026-03-12T17:00:00+01:00."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def clean(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """OParl leaves out empty properties rather than sending null or ""; lists the schema
    requires (`keep`) stay, as `[]`."""
    return {
        key: value
        for key, value in data.items()
        if value not in (None, "", []) or (key in keep and value == [])
    }


def stamps(obj: Model) -> dict[str, str | None]:
    """created and the effective modified (the one the list filters use, see views)."""
    modified = getattr(obj, "effective_modified", None) or obj.modified
    return {"created": date_time(obj.created), "modified": date_time(modified)}


def tombstone(urls: Urls, record: OParlRecord) -> dict[str, Any]:
    """A deleted object (spec §2.8): id, type, created, modified = time of deletion."""
    args = (record.town_slug, record.key) if record.kind == "person" else (record.key,)
    return {
        "id": urls(record.kind, *args),
        "type": oparl_type(TYPES[record.kind]),
        "created": date_time(record.created),
        "modified": date_time(record.deleted_at),
        "deleted": True,
    }


# ---------------------------------------------------------------------------------------------


def system(
    urls: Urls,
    *,
    name: str,
    website: str,
    license: str,
    created: datetime.datetime | None,
    modified: datetime.datetime | None,
) -> dict[str, Any]:
    return clean(
        {
            "id": urls("system"),
            "type": oparl_type("System"),
            "oparlVersion": OPARL_VERSION,
            "license": license,
            "body": urls("body_list"),
            "name": name,
            "website": website,
            "created": date_time(created),
            "modified": date_time(modified),
        }
    )


def body(
    urls: Urls, municipality: Municipality, terms: Iterable[LegislativeTerm]
) -> dict[str, Any]:
    slug = municipality.slug
    return clean(
        {
            "id": urls("body", slug),
            "type": oparl_type("Body"),
            "system": urls("system"),
            "name": str(municipality),
            "shortName": municipality.name,
            "ags": municipality.ags,
            "website": municipality.website,
            "classification": municipality.get_kind_display(),
            "organization": urls("body_organizations", slug),
            "person": urls("body_persons", slug),
            "meeting": urls("body_meetings", slug),
            "paper": urls("body_papers", slug),
            "legislativeTerm": None
            if urls.omit_internal
            else [legislative_term(urls, t, embedded=True) for t in terms],
            "agendaItem": urls("body_agenda_items", slug),
            "consultation": urls("body_consultations", slug),
            "file": urls("body_files", slug),
            "locationList": urls("body_locations", slug),
            "legislativeTermList": urls("body_legislative_terms", slug),
            "membership": urls("body_memberships", slug),
            **stamps(municipality),
        },
        keep=("legislativeTerm",),
    )


def legislative_term(
    urls: Urls, term: LegislativeTerm, *, embedded: bool = False
) -> dict[str, Any]:
    return clean(
        {
            "id": urls("legislative_term", term.pk),
            "type": oparl_type("LegislativeTerm"),
            "body": None if embedded else urls("body", term.municipality.slug),
            "name": term.name,
            "startDate": date(term.starts_on),
            "endDate": date(term.ends_on),
            **stamps(term),
        }
    )


def organization(urls: Urls, committee: Committee) -> dict[str, Any]:
    return clean(
        {
            "id": urls("organization", committee.pk),
            "type": oparl_type("Organization"),
            "body": urls("body", committee.municipality.slug),
            "name": committee.name,
            "shortName": committee.short_name,
            "organizationType": "Gremium",
            "classification": committee.get_kind_display(),
            "membership": [urls("membership", m.pk) for m in committee.memberships.all()],
            "meeting": urls("organization_meetings", committee.pk),
            "website": committee.website,
            **stamps(committee),
        }
    )


def membership(
    urls: Urls, member: CommitteeMembership, *, embedded: bool = False
) -> dict[str, Any]:
    return clean(
        {
            "id": urls("membership", member.pk),
            "type": oparl_type("Membership"),
            "person": None
            if embedded
            else urls("person", member.committee.municipality.slug, member.person_key),
            "organization": urls("organization", member.committee_id),
            "role": member.get_role_display(),
            "votingRight": member.voting_right,
            "startDate": date(member.starts_on),
            "endDate": date(member.ends_on),
            "x-integration:partyGroup": member.party_group,
            **stamps(member),
        }
    )


def person(urls: Urls, town_slug: str, found: Person) -> dict[str, Any]:
    """A person is everyone named exactly so in the town's memberships (no account needed);
    the id is that of the first membership under the name."""
    return clean(
        {
            "id": urls("person", town_slug, found.key),
            "type": oparl_type("Person"),
            "body": urls("body", town_slug),
            "name": found.name,
            "membership": None
            if urls.omit_internal
            else [membership(urls, m, embedded=True) for m in found.members],
            "created": date_time(found.created),
            "modified": date_time(found.modified),
        }
    )


def location(urls: Urls, meeting: CommitteeMeeting, *, embedded: bool = False) -> dict[str, Any]:
    return clean(
        {
            "id": urls("location", meeting.pk),
            "type": oparl_type("Location"),
            "description": meeting.location,
            "meetings": None if embedded else [urls("meeting", meeting.pk)],
            # the place alone, whatever else changed in the meeting
            "created": date_time(meeting.created),
            "modified": date_time(meeting.modified),
        }
    )


def meeting(urls: Urls, item: CommitteeMeeting) -> dict[str, Any]:
    # A non-public meeting is a public fact (body, date, state), its name and place are not.
    if item.is_public:
        name = item.name or f"Sitzung {item.committee.name}"
    else:
        name = f"Nichtöffentliche Sitzung {item.committee.name}"
    return clean(
        {
            "id": urls("meeting", item.pk),
            "type": oparl_type("Meeting"),
            "name": name,
            "meetingState": str(item.state),
            "cancelled": item.cancelled,
            "start": date_time(item.starts_at),
            "end": date_time(item.ends_at),
            "location": location(urls, item, embedded=True)
            if item.location and item.is_public
            else None,
            "organization": [urls("organization", item.committee_id)],
            "agendaItem": None
            if urls.omit_internal
            else [agenda_item(urls, a, item, embedded=True) for a in item.agenda_items.all()],
            "x-integration:public": item.is_public,
            **stamps(item),
        }
    )


def votes(record: VoteRecord) -> dict[str, Any] | None:
    """Ja/Nein/Enthaltungen (each may be unknown: null) and einstimmig, or None if not voted."""
    if not record.has_votes:
        return None
    return {
        "yes": record.votes_yes,
        "no": record.votes_no,
        "abstain": record.votes_abstain,
        "unanimous": record.unanimous,
    }


def agenda_item(
    urls: Urls, item: AgendaItem, meeting_obj: CommitteeMeeting, *, embedded: bool = False
) -> dict[str, Any]:
    base = {
        "id": urls("agenda_item", item.pk),
        "type": oparl_type("AgendaItem"),
        "meeting": None if embedded else urls("meeting", item.meeting_id),
        "number": item.number,
        "order": item.position,
        "public": agenda_item_is_public(item, meeting_obj),
        **stamps(item),
    }
    if not base["public"]:
        base["name"] = "Nichtöffentlicher Tagesordnungspunkt"
        return clean(base)
    consultation = getattr(item, "consultation", None)
    if consultation is not None and not consultation.is_public:
        consultation = None
    result = item.result or (consultation.get_result_display() if consultation else "")
    resolution = ""
    if consultation is not None and consultation.result in Consultation.ADOPTING_RESULTS:
        resolution = consultation.adopted_text
    return clean(
        {
            **base,
            "name": item.name,
            "consultation": urls("consultation", consultation.pk) if consultation else None,
            "result": result,
            "resolutionText": resolution,
            VOTES_FIELD: votes(consultation) if consultation else None,
            AMENDMENTS_FIELD: [amendment(a) for a in consultation.amendments.all()]
            if consultation
            else None,
        }
    )


def amendment(item: Amendment) -> dict[str, Any]:
    return clean(
        {
            "proposer": item.proposer,
            "text": item.text,
            "result": item.get_result_display() if item.result else "",
            VOTES_FIELD: votes(item),
        }
    )


def consultation(urls: Urls, item: Consultation, *, embedded: bool = False) -> dict[str, Any]:
    agenda = item.agenda_item
    public_agenda = (
        agenda is not None and item.meeting and agenda_item_is_public(agenda, item.meeting)
    )
    return clean(
        {
            "id": urls("consultation", item.pk),
            "type": oparl_type("Consultation"),
            "paper": None if embedded else urls("paper", item.paper_id),
            "agendaItem": urls("agenda_item", agenda.pk) if public_agenda else None,
            "meeting": urls("meeting", item.meeting_id) if item.meeting_id else None,
            "organization": [urls("organization", item.committee_id)],
            "authoritative": item.authoritative,
            "role": item.get_role_display(),
            RESULT_FIELD: item.get_result_display() if item.result else "",
            VOTES_FIELD: votes(item),
            **stamps(item),
        }
    )


def file(urls: Urls, attachment: PaperAttachment, *, embedded: bool = False) -> dict[str, Any]:
    return clean(
        {
            "id": urls("file", attachment.pk),
            "type": oparl_type("File"),
            "name": attachment.title,
            "fileName": attachment.file_name,
            "mimeType": attachment.mime_type or guess_mime_type(attachment.file_name),
            "date": date(timezone.localdate(attachment.created)),
            "size": attachment.size or None,
            "accessUrl": urls("file_access", attachment.pk),
            "downloadUrl": urls("file_download", attachment.pk),
            "paper": None if embedded else [urls("paper", attachment.paper_id)],
            **stamps(attachment),
        }
    )


def guess_mime_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def main_file(urls: Urls, item: Paper, *, embedded: bool = False) -> dict[str, Any]:
    """The Vorlage itself as PDF (rendered by participation.council.pdf, cached)."""
    safe_number = "".join(ch if ch.isalnum() else "-" for ch in item.number).strip("-")
    return clean(
        {
            "id": urls("paper_main_file", item.pk),
            "type": oparl_type("File"),
            "name": f"{item.get_kind_display()} {item.number}",
            "fileName": f"{item.get_kind_display()}-{safe_number}.pdf",
            "mimeType": "application/pdf",
            "date": date(item.date),
            "accessUrl": urls("paper_main_file_access", item.pk),
            "downloadUrl": urls("paper_main_file_download", item.pk),
            "paper": None if embedded else [urls("paper", item.pk)],
            **stamps(item),
        }
    )


def paper(urls: Urls, item: Paper) -> dict[str, Any]:
    return clean(
        {
            "id": urls("paper", item.pk),
            "type": oparl_type("Paper"),
            "body": urls("body", item.municipality.slug),
            "name": item.subject,
            "reference": item.number,
            "date": date(item.date),
            "paperType": item.get_kind_display(),
            "mainFile": main_file(urls, item, embedded=True),
            "auxiliaryFile": None
            if urls.omit_internal
            else [file(urls, a, embedded=True) for a in item.attachments.all()],
            # The caller prefetches only `Consultation.objects.public()`.
            "consultation": [
                consultation(urls, c, embedded=True) for c in item.consultations.all()
            ],
            "x-integration:authorOffice": item.author,
            **stamps(item),
        }
    )
