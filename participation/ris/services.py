"""Linking to the town's council system and taking its results over.

The order is always: read everything (client), work out what would change (`paper_plan`),
show it, and only then write it in one transaction (`plan_apply`) through the council path's
own services, so every row gets its history entry with the reason „aus dem
Ratsinformationssystem übernommen“. A read that fails anywhere writes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concepts.models import Edition
from participation.council import services as council
from participation.models import (
    Committee,
    CommitteeMeeting,
    Consultation,
    ConsultationLink,
    CouncilSystem,
    MeetingLink,
    OrganizationMapping,
    Paper,
    PaperLink,
)
from participation.models.ris import REMOTE_URL_LENGTH
from participation.ris.client import CouncilSystemError, OParlClient
from participation.ris.mapping import ResultReading, normalise, read_result, read_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from concepts.models import Municipality

VOTES_EXTENSION = "x-integration:votes"  # our own API's vote counts (participation/oparl)
SINCE_MARGIN = datetime.timedelta(minutes=10)  # clocks of two servers differ


def history_reason() -> str:
    """The history note of every row written here; a record, so always German."""
    with translation.override("de"):
        return _("aus dem Ratsinformationssystem übernommen")


# --- the town's council system ------------------------------------------------------------


def council_system_connect(
    *, municipality: Municipality, system_url: str, body_url: str = "", client: OParlClient
) -> CouncilSystem:
    """Check the System URL (and which Body is the town) by reading them, then save."""
    system = client.get_object(system_url.strip(), "System")
    bodies = client.resolve_many(system.get("body"), "Body", system_url)
    if not bodies:
        raise CouncilSystemError("System", system_url, _("Es nennt keine Körperschaft."))
    body_url = (body_url or "").strip()
    if body_url:
        body = next((b for b in bodies if b.get("id") == body_url), None)
        if body is None:
            raise ValidationError(
                {"body_url": _("Diese Körperschaft gehört nicht zu dem angegebenen System.")}
            )
    elif len(bodies) == 1:
        body = bodies[0]
    else:
        choices = "; ".join(f"{b.get('name', '?')} ({b.get('id')})" for b in bodies)
        raise ValidationError(
            {
                "body_url": _(
                    "Das System führt mehrere Körperschaften. Bitte die Adresse der eigenen "
                    "angeben: %(choices)s"
                )
                % {"choices": choices}
            }
        )
    with transaction.atomic():
        council_system, _created = CouncilSystem.objects.update_or_create(
            municipality=municipality,
            defaults={
                "system_url": system.get("id") or system_url,
                "body_url": body.get("id") or body_url,
                "name": str(system.get("name", ""))[:250],
                "body_name": str(body.get("name", ""))[:250],
            },
        )
        council_system.full_clean()
    return council_system


def council_system_of(municipality: Municipality) -> CouncilSystem:
    try:
        return municipality.council_system
    except CouncilSystem.DoesNotExist:
        raise ValidationError(
            _("Für diese Kommune ist noch kein Ratsinformationssystem eingetragen.")
        ) from None


def remote_body(*, council_system: CouncilSystem, client: OParlClient) -> dict:
    return client.get_object(council_system.body_url, "Body")


def remote_organizations(*, council_system: CouncilSystem, client: OParlClient) -> list[dict]:
    body = remote_body(council_system=council_system, client=client)
    return client.resolve_many(body.get("organization"), "Organization", council_system.body_url)


def organization_mappings_save(
    *, council_system: CouncilSystem, choices: list[tuple[str, str, Committee | None]]
) -> list[OrganizationMapping]:
    """Confirm which Gremium each organization is (None: not taken over)."""
    saved = []
    with transaction.atomic():
        for remote_id, remote_name, committee in choices:
            if (
                committee is not None
                and committee.municipality_id != council_system.municipality_id
            ):
                raise ValidationError(_("Bitte nur Gremien dieser Kommune zuordnen."))
            mapping, _created = OrganizationMapping.objects.update_or_create(
                council_system=council_system,
                remote_id=remote_id,
                defaults={"remote_name": remote_name[:300] or remote_id, "committee": committee},
            )
            mapping.full_clean()
            saved.append(mapping)
    return saved


# --- linking a Vorlage --------------------------------------------------------------------


def compact(reference: str) -> str:
    return re.sub(r"[\s]+", "", normalise(reference))


def paper_search(*, council_system: CouncilSystem, query: str, client: OParlClient) -> list[dict]:
    """Papers whose reference is `query` ("BV/0546/2018"), or the paper at a pasted URL."""
    query = (query or "").strip()
    if not query:
        return []
    if query.startswith(("http://", "https://")):
        return [client.get_object(query, "Paper")]
    body = remote_body(council_system=council_system, client=client)
    wanted = compact(query)
    found = []
    for paper in client.walk(body.get("paper", ""), "Paper"):
        reference = paper.get("reference")
        if isinstance(reference, str) and compact(reference) == wanted:
            found.append(paper)
    return found


def paper_link(
    *, paper: Paper, remote_url: str, client: OParlClient, user: User | None = None
) -> PaperLink:
    """Link our Vorlage to the council system's paper (read once to check it is one)."""
    council_system = council_system_of(paper.municipality)
    remote = client.get_object(remote_url.strip(), "Paper")
    remote_id = web_address(remote.get("id")) or remote_url.strip()
    if remote.get("deleted") is True:
        raise CouncilSystemError(
            "Paper", remote_id, _("Sie ist im Ratsinformationssystem gelöscht.")
        )
    body = remote.get("body")
    if isinstance(body, str) and body != council_system.body_url:
        raise CouncilSystemError(
            "Paper",
            remote_id,
            _("Sie gehört zu einer anderen Körperschaft (%(body)s).") % {"body": body},
        )
    with transaction.atomic():
        taken = (
            PaperLink.objects.filter(paper__municipality=paper.municipality, remote_id=remote_id)
            .exclude(paper=paper)
            .select_related("paper")
            .first()
        )
        if taken is not None:
            raise ValidationError(
                _("Diese Vorlage des Ratsinformationssystems ist bereits mit %(number)s verknüpft.")
                % {"number": taken.paper.number}
            )
        link, _created = PaperLink.objects.update_or_create(
            paper=paper,
            defaults={
                "remote_id": remote_id,
                "remote_reference": str(remote.get("reference", ""))[:120],
                "remote_name": str(remote.get("name", ""))[:500],
                "web_url": web_address(remote.get("web")),
                "pending": [],
                "pending_since": None,
                "error": "",
            },
        )
        link.full_clean()
    return link


def web_address(value: object) -> str:
    """`value` if it is an http(s) URL that fits our fields, else "" (never `javascript:`)."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value if len(value) <= REMOTE_URL_LENGTH else ""
    return ""


def paper_unlink(*, link: PaperLink) -> None:
    with transaction.atomic():
        ConsultationLink.objects.filter(consultation__paper=link.paper).delete()
        link.delete()


# --- reading back and planning --------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Step:
    """One consultation of the council system and what taking it over would do here."""

    remote_id: str
    organization_id: str = ""
    organization_name: str = ""
    committee: Committee | None = None
    consultation: Consultation | None = None
    role: str = Consultation.Role.PRELIMINARY
    meeting: CommitteeMeeting | None = None
    meeting_remote_id: str = ""
    meeting_start: datetime.datetime | None = None
    meeting_name: str = ""
    agenda_number: str = ""
    agenda_name: str = ""
    agenda_public: bool = True
    reading: ResultReading = field(default_factory=lambda: ResultReading(text=""))
    decision_text: str = ""
    note: str | None = None
    apply_result: bool = False
    adopts: bool = False
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str = ""

    def key(self):
        return [
            self.remote_id,
            self.committee.pk if self.committee else None,
            self.consultation.pk if self.consultation else None,
            self.meeting.pk if self.meeting else None,
            self.meeting_remote_id,
            self.meeting_start.isoformat() if self.meeting_start else None,
            self.agenda_number,
            self.agenda_name,
            self.role,
            self.reading.result if self.apply_result else None,
            self.reading.unanimous,
            self.reading.votes_yes,
            self.reading.votes_no,
            self.reading.votes_abstain,
            self.decision_text,
            self.note,
            [(c.label, c.before, c.after) for c in self.changes],
        ]


@dataclass
class Plan:
    link: PaperLink
    steps: list[Step]
    unmapped: list[tuple[str, str]]  # (organization id, name) without a confirmed Gremium
    meetings: list[str]

    @property
    def changed_steps(self):
        return [s for s in self.steps if s.changes and not s.skipped]

    @property
    def has_changes(self):
        return bool(self.changed_steps)

    @property
    def adopts(self):
        return any(s.adopts for s in self.changed_steps)

    @property
    def needs_confirmation(self):
        """Changes that adopt the edition, or touch a paper whose edition is adopted."""
        edition = self.link.paper.edition
        locked = edition is not None and edition.status in Edition.LOCKED_STATUSES
        return self.has_changes and (self.adopts or locked)

    @property
    def fingerprint(self) -> str:
        data = json.dumps([s.key() for s in self.changed_steps], sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def summary(self) -> list[str]:
        lines = []
        for step in self.changed_steps:
            described = ", ".join(f"{c.label}: {c.after}" for c in step.changes)
            lines.append(f"{step.committee}: {described}")
        return lines


def living(obj: dict | None) -> dict | None:
    """None for a deleted object (an OParl tombstone: `deleted: true`)."""
    return None if obj is None or obj.get("deleted") is True else obj


def remote_start(meeting: dict | None) -> datetime.datetime | None:
    if not meeting or not isinstance(meeting.get("start"), str):
        return None
    try:
        value = parse_datetime(meeting["start"])
        if value is None:
            day = parse_date(meeting["start"][:10])
            if day is None:
                return None
            value = datetime.datetime.combine(day, datetime.time(0, 0))
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
    except (ValueError, OverflowError):  # well-formed but impossible, e.g. 2025-13-45
        return None
    return value


def reference_id(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("id", ""))
    return value if isinstance(value, str) else ""


def organization_ids(consultation: dict, meeting: dict | None) -> list[str]:
    refs = consultation.get("organization")
    if refs is None and meeting:
        refs = meeting.get("organization")
    if not isinstance(refs, list):
        refs = [refs]
    return [ref for ref in (reference_id(r) for r in (refs or [])) if ref]


def votes_extension(agenda_item: dict | None, reading: ResultReading) -> None:
    """Vote counts from our own API's extension field, when the other side is this software."""
    votes = (agenda_item or {}).get(VOTES_EXTENSION)
    if not isinstance(votes, dict):
        return
    for field_name, key in (("votes_yes", "yes"), ("votes_no", "no"), ("votes_abstain", "abstain")):
        if isinstance(votes.get(key), int) and not isinstance(votes.get(key), bool):
            setattr(reading, field_name, votes[key])
    if votes.get("unanimous") is True:
        reading.unanimous = True


def local_date(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT") if moment else ""


def paper_plan(*, link: PaperLink, client: OParlClient) -> Plan:
    """Read the paper's consultations, meetings and agenda items and work out the changes."""
    paper = link.paper
    council_system = council_system_of(paper.municipality)
    remote = client.get_object(link.remote_id, "Paper")
    if remote.get("deleted") is True:
        raise CouncilSystemError(
            "Paper", link.remote_id, _("Sie ist im Ratsinformationssystem gelöscht.")
        )
    mappings = {
        m.remote_id: m for m in council_system.organization_mappings.select_related("committee")
    }
    local = list(
        paper.consultations.select_related("committee", "meeting", "agenda_item", "ris_link")
    )
    linked = {c.ris_link.remote_id: c for c in local if hasattr(c, "ris_link")}
    used: set[int] = set()
    steps, planned, unmapped, meeting_ids = [], [], {}, []
    consultations = client.resolve_many(remote.get("consultation"), "Consultation", link.remote_id)
    for index, item in enumerate(consultations, start=1):
        if item.get("deleted") is True:
            continue
        # An embedded consultation without its own id is known by its place in the paper.
        remote_id = web_address(reference_id(item)) or f"{link.remote_id}#beratung-{index}"
        meeting = living(client.resolve(item.get("meeting"), "Meeting", remote_id))
        agenda = living(client.resolve(item.get("agendaItem"), "AgendaItem", remote_id))
        if meeting is None and agenda is not None and agenda.get("meeting"):
            meeting = living(client.resolve(agenda.get("meeting"), "Meeting", remote_id))
        step = Step(remote_id=remote_id, role=read_role(item))
        if meeting is not None:
            step.meeting_remote_id = web_address(reference_id(meeting))
            step.meeting_start = remote_start(meeting)
            step.meeting_name = str(meeting.get("name", ""))[:200]
            if step.meeting_remote_id:
                meeting_ids.append(step.meeting_remote_id)
        orgs = organization_ids(item, meeting)
        if not orgs:
            step.skipped = _("Die Beratung nennt kein Gremium.")
            steps.append(step)
            continue
        step.organization_id = orgs[0]
        mapping = mappings.get(step.organization_id)
        if mapping is None:
            organization = client.resolve(step.organization_id, "Organization", remote_id)
            step.organization_name = str((organization or {}).get("name", step.organization_id))
            unmapped[step.organization_id] = step.organization_name
            step.skipped = _(
                "Das Gremium „%(name)s“ ist noch keinem eigenen Gremium zugeordnet."
            ) % {"name": step.organization_name}
            steps.append(step)
            continue
        step.organization_name = mapping.remote_name
        if mapping.committee is None:
            step.skipped = _("Das Gremium „%(name)s“ wird laut Zuordnung nicht übernommen.") % {
                "name": mapping.remote_name
            }
            steps.append(step)
            continue
        step.committee = mapping.committee
        if agenda is not None:
            step.agenda_number = str(agenda.get("number", ""))[:20]
            step.agenda_name = str(agenda.get("name", ""))[:300]
            step.agenda_public = agenda.get("public") is not False
            step.reading = read_result(
                agenda.get("result") if isinstance(agenda.get("result"), str) else ""
            )
            votes_extension(agenda, step.reading)
            text = agenda.get("resolutionText")
            step.decision_text = text if isinstance(text, str) else ""
        step.consultation = match_consultation(step, local, linked, used)
        if step.consultation is not None:
            used.add(step.consultation.pk)
        planned.append(step)
        steps.append(step)
    meetings = MeetingIndex(planned)  # two queries, whatever the number of consultations
    for step in planned:
        step.meeting = meetings.match(step)
        plan_step(step, paper)
    return Plan(link=link, steps=steps, unmapped=sorted(unmapped.items()), meetings=meeting_ids)


def match_consultation(
    step: Step,
    local: list[Consultation],
    linked: dict[str, Consultation],
    used: set[int],
) -> Consultation | None:
    if step.remote_id in linked and linked[step.remote_id].committee_id == step.committee.pk:
        return linked[step.remote_id]
    candidates = [
        c
        for c in local
        if c.committee_id == step.committee.pk and c.pk not in used and not hasattr(c, "ris_link")
    ]
    day = timezone.localdate(step.meeting_start) if step.meeting_start else None
    for candidate in candidates:
        if day is not None and candidate.meeting_id and candidate.meeting.date == day:
            return candidate
    for candidate in candidates:
        if not candidate.meeting_id:
            return candidate
    return candidates[0] if candidates else None


class MeetingIndex:
    """Our meetings the planned steps may mean: linked ones by remote id, else same body and day."""

    def __init__(self, steps: list[Step]):
        remote_ids = {s.meeting_remote_id for s in steps if s.meeting_remote_id}
        self.linked = {
            (link.remote_id, link.meeting.committee_id): link.meeting
            for link in MeetingLink.objects.filter(remote_id__in=remote_ids).select_related(
                "meeting__committee"
            )
        }
        days = {timezone.localdate(s.meeting_start) for s in steps if s.meeting_start}
        self.by_day: dict[tuple[int, datetime.date], CommitteeMeeting] = {}
        for meeting in (
            CommitteeMeeting.objects.filter(
                committee__in={s.committee.pk for s in steps}, starts_at__date__in=days
            )
            .select_related("committee")
            .order_by("-starts_at", "-pk")
        ):
            self.by_day[(meeting.committee_id, meeting.date)] = meeting  # earliest wins

    def match(self, step: Step) -> CommitteeMeeting | None:
        linked = self.linked.get((step.meeting_remote_id, step.committee.pk))
        if linked is not None or step.meeting_start is None:
            return linked
        return self.by_day.get((step.committee.pk, timezone.localdate(step.meeting_start)))


def plan_step(step: Step, paper: Paper) -> None:
    """Fill `changes`, `warnings`, `apply_result` and `adopts` of one step."""
    current = step.consultation
    changes = step.changes
    if current is None:
        changes.append(
            Change(_("Beratung"), "–", _("neu in %(committee)s") % {"committee": step.committee})
        )
    if current is None or current.role != step.role:
        changes.append(
            Change(
                _("Zuständigkeit"),
                current.get_role_display() if current else "–",
                str(Consultation.Role(step.role).label),
            )
        )
    if step.meeting is None and step.meeting_start is not None:
        changes.append(
            Change(
                _("Sitzung"),
                str(current.meeting) if current and current.meeting_id else "–",
                _("neu: %(committee)s am %(date)s")
                % {"committee": step.committee, "date": local_date(step.meeting_start)},
            )
        )
    elif step.meeting is not None and (current is None or current.meeting_id != step.meeting.pk):
        changes.append(
            Change(
                _("Sitzung"),
                str(current.meeting) if current and current.meeting_id else "–",
                str(step.meeting),
            )
        )
    elif step.meeting_start is None and step.meeting_remote_id:
        step.warnings.append(_("Die Sitzung nennt keinen Beginn; sie wird nicht übernommen."))
    current_number = current.agenda_item.number if current and current.agenda_item_id else ""
    if step.agenda_number and step.agenda_number != current_number:
        changes.append(Change(_("TOP"), current_number or "–", step.agenda_number))

    reading = step.reading
    if reading.result == Consultation.Result.ADOPTED_AMENDED and not step.decision_text.strip():
        reading.result = Consultation.Result.ADOPTED
        step.warnings.append(
            _(
                "„%(text)s“: der geänderte Wortlaut fehlt im Ratsinformationssystem; "
                "übernommen wird „beschlossen“."
            )
            % {"text": reading.text}
        )
    if reading.text and not reading.recognised:
        note = _("Ergebnis laut Ratsinformationssystem: %(text)s") % {"text": reading.text}
        if current is None or current.note != note:
            step.note = note
            changes.append(
                Change(_("Bemerkung"), current.note if current and current.note else "–", note)
            )
    if reading.recognised:
        check_result(step, paper)
        if step.apply_result:
            before = current.get_result_display() if current and current.result else "–"
            changes.append(
                Change(_("Ergebnis"), before, str(Consultation.Result(reading.result).label))
            )
            votes = vote_words(reading)
            if votes:
                changes.append(
                    Change(_("Abstimmung"), vote_words(current) if current else "–", votes)
                )


def vote_words(record: Consultation | ResultReading | None) -> str:
    if record is None:
        return ""
    parts = []
    if record.unanimous:
        parts.append(_("einstimmig"))
    for value, label in (
        (record.votes_yes, _("Ja")),
        (record.votes_no, _("Nein")),
        (record.votes_abstain, _("Enthaltungen")),
    ):
        if value is not None:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


def check_result(step: Step, paper: Paper) -> None:
    reading, current = step.reading, step.consultation
    same = (
        current is not None
        and current.result == reading.result
        and current.unanimous == reading.unanimous
        and (current.votes_yes, current.votes_no, current.votes_abstain)
        == (reading.votes_yes, reading.votes_no, reading.votes_abstain)
    )
    if same:
        return
    if step.meeting is None and step.meeting_start is None:
        step.warnings.append(
            _("Ohne Sitzung lässt sich das Ergebnis „%(text)s“ nicht eintragen.")
            % {"text": reading.text}
        )
        return
    day = timezone.localdate(step.meeting_start) if step.meeting_start else step.meeting.date
    if day > timezone.localdate() and reading.result not in council.RESULTS_BEFORE_MEETING:
        step.warnings.append(
            _("Die Sitzung am %(date)s liegt in der Zukunft; das Ergebnis wird nicht übernommen.")
            % {"date": date_format(day, "SHORT_DATE_FORMAT")}
        )
        return
    authoritative = step.role == Consultation.Role.DECISION
    if (
        current is not None
        and current.authoritative
        and current.is_adopting
        and not (authoritative and reading.result in Consultation.ADOPTING_RESULTS)
    ):
        step.warnings.append(
            _(
                "Das Ratsinformationssystem meldet „%(text)s“, hier ist die Fassung mit diesem "
                "Beschluss bereits beschlossen. Das wird nicht übernommen; bitte prüfen."
            )
            % {"text": reading.text}
        )
        return
    step.apply_result = True
    edition = paper.edition
    step.adopts = (
        authoritative
        and reading.result in Consultation.ADOPTING_RESULTS
        and edition is not None
        and edition.status != Edition.Status.ADOPTED
    )


# --- writing ----------------------------------------------------------------------------


def plan_apply(
    *,
    plan: Plan,
    user: User | None = None,
    fingerprint: str | None = None,
    confirm_adoption: bool = False,
) -> list[Consultation]:
    """Write the planned changes in one transaction, through the council path's services."""
    if fingerprint is not None and fingerprint != plan.fingerprint:
        raise ValidationError(
            _(
                "Die Daten im Ratsinformationssystem haben sich seit der Vorschau geändert. "
                "Bitte die neue Vorschau prüfen und erneut bestätigen."
            )
        )
    if plan.adopts and not confirm_adoption:
        raise ValidationError(
            _(
                "Die Übernahme beschließt die Fassung des Konzepts. Bitte das ausdrücklich "
                "bestätigen."
            )
        )
    reason = history_reason()
    link = plan.link
    paper = link.paper
    written = []
    with transaction.atomic():
        for step in plan.changed_steps:
            meeting = step.meeting
            if meeting is None and step.meeting_start is not None:
                meeting = CommitteeMeeting(
                    committee=step.committee, starts_at=step.meeting_start, name=step.meeting_name
                )
                meeting.full_clean()
                meeting._change_reason = reason
                if user is not None:
                    meeting._history_user = user
                meeting.save()
            if meeting is not None and step.meeting_remote_id:
                MeetingLink.objects.update_or_create(
                    meeting=meeting, defaults={"remote_id": step.meeting_remote_id}
                )
            consultation = step.consultation or Consultation(paper=paper, committee=step.committee)
            keep_number = ""
            if consultation.agenda_item_id and meeting is not None:
                if consultation.agenda_item.meeting_id == meeting.pk:
                    keep_number = consultation.agenda_item.number
            consultation.meeting = meeting
            consultation.role = step.role
            consultation.is_public = bool(
                paper.is_public and step.agenda_public and (meeting is None or meeting.is_public)
            )
            if step.note is not None:
                consultation.note = step.note
            consultation = council.consultation_save(
                consultation=consultation,
                agenda_number=(step.agenda_number or keep_number) if meeting else "",
                agenda_name=step.agenda_name or None,
                user=user,
                reason=reason,
            )
            ConsultationLink.objects.update_or_create(
                consultation=consultation, defaults={"remote_id": step.remote_id}
            )
            if step.apply_result:
                reading = step.reading
                consultation = council.consultation_record_result(
                    consultation=consultation,
                    result=reading.result,
                    votes_yes=reading.votes_yes,
                    votes_no=reading.votes_no,
                    votes_abstain=reading.votes_abstain,
                    unanimous=reading.unanimous,
                    decision_text=step.decision_text
                    if reading.result == Consultation.Result.ADOPTED_AMENDED
                    else "",
                    user=user,
                    reason=reason,
                )
            written.append(consultation)
        link_mark_read(link=link, plan=plan)
    return written


def link_mark_read(
    *, link: PaperLink, plan: Plan | None = None, pending: list[str] | None = None
) -> None:
    now = timezone.now()
    link.read_at = now
    link.error = ""
    if plan is not None:
        link.remote_meetings = sorted(set(plan.meetings))
    link.pending = pending or []
    link.pending_since = (link.pending_since or now) if pending else None
    link.save()


# --- the daily run ------------------------------------------------------------------------


@dataclass
class SyncReport:
    read: int = 0
    applied: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def council_system_sync(
    *, council_system: CouncilSystem, client: OParlClient, full: bool = False
) -> SyncReport:
    """Re-read the linked papers that changed since the last run; apply what needs no decision.

    Changes that would adopt the edition, or alter a paper whose edition is adopted, wait for
    the Stabsstelle (shown on the paper's page); every other change is applied.
    """
    report = SyncReport()
    started = timezone.now()
    links = list(
        PaperLink.objects.filter(paper__municipality=council_system.municipality).select_related(
            "paper__edition", "paper__municipality"
        )
    )
    since = council_system.synced_at
    due = links
    if since is not None and not full:
        stamp = utc_stamp(since - SINCE_MARGIN)
        body = remote_body(council_system=council_system, client=client)
        papers = {
            reference_id(p)
            for p in client.walk(body.get("paper", ""), "Paper", modified_since=stamp)
        }
        meetings = {
            reference_id(m)
            for m in client.walk(body.get("meeting", ""), "Meeting", modified_since=stamp)
        }
        due = [
            link
            for link in links
            if link.read_at is None
            or link.error  # failed last time: try again even if nothing changed there
            or link.remote_id in papers
            or set(link.remote_meetings) & meetings
        ]
    for link in due:
        report.read += 1
        try:
            plan = paper_plan(link=link, client=client)
            if not plan.has_changes:
                link_mark_read(link=link, plan=plan)
            elif plan.needs_confirmation:
                link_mark_read(link=link, plan=plan, pending=plan.summary())
                report.waiting.append(link.paper.number)
            else:
                plan_apply(plan=plan)
                report.applied.append(link.paper.number)
        except (CouncilSystemError, ValidationError) as error:
            message = (
                str(error) if isinstance(error, CouncilSystemError) else " ".join(error.messages)
            )
            link.error = message
            link.save(update_fields=["error", "modified"])
            report.failed.append(f"{link.paper.number}: {message}")
    council_system.synced_at = started
    council_system.save(update_fields=["synced_at", "modified"])
    return report
