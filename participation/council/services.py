"""Writes on the council path that touch more than one row.

Numbering: the next Vorlagen-Nr. comes from the town's `PaperNumbering` row, which is locked
with `SELECT … FOR UPDATE` while the counter is read and raised, so two people creating a
Vorlage at the same moment never get the same number on PostgreSQL. The unique constraint
(municipality, number) is the safety net; on a clash (e.g. a number typed in by hand) the
service skips to the next free number and retries. SQLite ignores `FOR UPDATE` but allows only
one writing transaction at a time; a second writer waits up to the configured timeout
(settings: 20 s) and then fails with "database is locked", never with a duplicate number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.models import Edition
from participation.models import (
    AgendaItem,
    Consultation,
    Paper,
    PaperAttachment,
    PaperNumbering,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from concepts.models import Municipality
    from participation.models import Amendment

NUMBERING_ATTEMPTS = 5


def _with_user(obj, user):
    if user is not None:
        obj._history_user = user
    return obj


def paper_numbering_for(
    *, municipality: Municipality, kind: str, lock: bool = False
) -> PaperNumbering:
    """The numbering that applies to `kind`: its own, else the town's shared one (created)."""
    queryset = PaperNumbering.objects.filter(municipality=municipality, kind__in=[kind, ""])
    if lock:
        queryset = queryset.select_for_update()
    numberings = {n.kind: n for n in queryset}
    numbering = numberings.get(kind) or numberings.get("")
    if numbering is None:
        try:
            with transaction.atomic():
                numbering = PaperNumbering.objects.create(municipality=municipality, kind="")
        except IntegrityError:
            pass  # created by a concurrent request; read it (and lock it) below
        queryset = PaperNumbering.objects.filter(municipality=municipality, kind="")
        numbering = (queryset.select_for_update() if lock else queryset).get()
    return numbering


def paper_next_number(*, numbering: PaperNumbering, year: int, kind_code: str) -> str:
    """Raise the year's counter to the next number not yet used by a Vorlage of the town."""
    nr = numbering.last_number(year)
    while True:
        nr += 1
        number = numbering.format(nr=nr, year=year, kind_code=kind_code)
        if not Paper.objects.filter(municipality=numbering.municipality, number=number).exists():
            break
    numbering.counters = {**numbering.counters, str(year): nr}
    numbering.full_clean()
    numbering.save()
    return number


def paper_create(*, municipality: Municipality, user: User | None = None, **fields: Any) -> Paper:
    """Create a Vorlage with the next number from the town's Nummernkreis.

    `fields` are Paper fields (kind, date, subject, …); `number` is generated.
    """
    fields.pop("number", None)
    for attempt in range(NUMBERING_ATTEMPTS):
        try:
            with transaction.atomic():
                paper = Paper(municipality=municipality, **fields)
                paper.full_clean(exclude=["number"])
                numbering = paper_numbering_for(
                    municipality=municipality, kind=paper.kind, lock=True
                )
                paper.number = paper_next_number(
                    numbering=numbering,
                    year=(paper.date or timezone.localdate()).year,
                    kind_code=paper.kind_code,
                )
                paper.full_clean()
                _with_user(paper, user).save()
                return paper
        except IntegrityError:
            if attempt == NUMBERING_ATTEMPTS - 1:
                raise
        except ValidationError as error:
            # full_clean's unique check races the same way as the constraint.
            if "number" not in error.message_dict or attempt == NUMBERING_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def paper_update(*, paper: Paper, user: User | None = None, **fields: Any) -> Paper:
    """Change a Vorlage; once its deciding body has decided, its text is the record."""
    with transaction.atomic():
        decided = paper.consultations.filter(
            role=Consultation.Role.DECISION, result__in=Consultation.ADOPTING_RESULTS
        ).exists()
        if decided:
            raise ValidationError(
                _(
                    "Über diese Vorlage ist bereits entschieden; sie kann nicht mehr geändert "
                    "werden. Für Änderungen bitte eine neue Vorlage anlegen."
                )
            )
        for name, value in fields.items():
            setattr(paper, name, value)
        paper.full_clean()
        _with_user(paper, user).save()
    return paper


def consultation_save(
    *,
    consultation: Consultation,
    agenda_number: str = "",
    user: User | None = None,
    agenda_name: str | None = None,
    reason: str | None = None,
) -> Consultation:
    """Save a step of the Beratungsfolge and keep its TOP in the meeting's agenda.

    `reason` goes into the history of the consultation and its TOP (e.g. where it came from).
    """
    with transaction.atomic():
        if consultation.result and consultation.pk is None:
            raise ValidationError(_("Ein Ergebnis wird erst nach der Sitzung eingetragen."))
        agenda_item = consultation.agenda_item
        if consultation.meeting_id and agenda_number:
            if agenda_item is None or agenda_item.meeting_id != consultation.meeting_id:
                agenda_item = AgendaItem(meeting=consultation.meeting)
            agenda_item.number = agenda_number
            agenda_item.name = agenda_name or consultation.paper.subject
            agenda_item.is_public = consultation.is_public
            if agenda_item.pk is None:
                agenda_item.position = consultation.meeting.agenda_items.count() + 1
            agenda_item.full_clean()
            if reason:
                agenda_item._change_reason = reason
            _with_user(agenda_item, user).save()
        elif agenda_item is not None:
            # moved to no meeting or TOP removed: the old agenda item no longer applies
            consultation.agenda_item = None
            agenda_item.delete()
            agenda_item = None
        consultation.agenda_item = agenda_item
        if consultation.pk is None and not consultation.position:
            consultation.position = consultation.paper.consultations.count() + 1
        consultation.full_clean()
        if reason:
            consultation._change_reason = reason
        _with_user(consultation, user).save()
    return consultation


def consultation_delete(*, consultation: Consultation, user: User | None = None) -> None:
    """Take a step out of the Gremienweg, with its TOP; a step with a result stays on record."""
    with transaction.atomic():
        if consultation.result:
            raise ValidationError(
                _(
                    "Diese Beratung hat bereits ein Ergebnis und bleibt im Gremienweg. "
                    "Bitte stattdessen eine weitere Beratung anlegen."
                )
            )
        agenda_item = consultation.agenda_item
        _with_user(consultation, user).delete()
        if agenda_item is not None:
            _with_user(agenda_item, user).delete()


# Results a body may record before its meeting: an item can be withdrawn or put off beforehand.
RESULTS_BEFORE_MEETING = (Consultation.Result.POSTPONED, Consultation.Result.WITHDRAWN)


def consultation_check_result(*, consultation: Consultation, result: str) -> None:
    """Refuse a result the meeting cannot have produced yet (raises ValidationError)."""
    if not result:
        return
    if not consultation.meeting_id:
        # The meeting of a past result may be unknown; but adopting an edition needs its date.
        if consultation.authoritative and result in Consultation.ADOPTING_RESULTS:
            if consultation.paper.edition_id:
                raise ValidationError(
                    {
                        "result": _(
                            "Dieser Beschluss beschließt die Fassung des Konzepts; dafür wird "
                            "die Sitzung (ihr Datum) gebraucht. Bitte zuerst die Sitzung angeben."
                        )
                    }
                )
        return
    if result not in RESULTS_BEFORE_MEETING and consultation.date > timezone.localdate():
        raise ValidationError(
            {
                "result": _(
                    "Die Sitzung am %(date)s hat noch nicht stattgefunden. Ein Ergebnis "
                    "(außer „vertagt“ oder „zurückgezogen“) lässt sich erst ab dem Tag der "
                    "Sitzung eintragen."
                )
                % {"date": f"{consultation.date:%d.%m.%Y}"}
            }
        )


def consultation_adopts(*, consultation: Consultation, result: str) -> bool:
    """Whether recording `result` would make the Vorlage's edition the adopted one now."""
    edition = consultation.paper.edition
    return (
        consultation.authoritative
        and result in Consultation.ADOPTING_RESULTS
        and edition is not None
        and edition.status != Edition.Status.ADOPTED
    )


@dataclass
class AdoptionPreview:
    """What an adopting result changes, for the confirmation page."""

    edition: Edition
    valid_from: object  # the meeting's date
    superseded: list = field(default_factory=list)  # editions adopted until now


def adoption_preview(*, consultation: Consultation) -> AdoptionPreview:
    edition = consultation.paper.edition
    superseded = list(
        Edition.objects.filter(concept_id=edition.concept_id, status=Edition.Status.ADOPTED)
        .exclude(pk=edition.pk)
        .order_by("-adopted_on", "-pk")
    )
    return AdoptionPreview(edition=edition, valid_from=consultation.date, superseded=superseded)


def consultation_record_result(
    *,
    consultation: Consultation,
    result: str,
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    unanimous: bool = False,
    decision_text: str = "",
    note: str | None = None,
    publish: bool = False,
    user: User | None = None,
    reason: str | None = None,
) -> Consultation:
    """Record what a body decided; an adopting decision of the deciding body adopts the edition.

    The concept edition the Vorlage concerns becomes „beschlossen“ with the meeting's date, and
    the edition adopted before it „abgelöst“; both are locked from then on (the Stabsstelle can
    take a mistaken entry back with `consultation_revert_adoption`). No result before the
    meeting's day. `publish` also shows the newly adopted edition in the public view.
    `reason` goes into the history of every row written (e.g. where the result came from).
    """
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("paper", "committee", "meeting", "agenda_item")
            .get(pk=consultation.pk)
        )
        was_adopting = consultation.is_adopting and consultation.authoritative
        consultation_check_result(consultation=consultation, result=result)
        consultation.result = result
        consultation.votes_yes = votes_yes
        consultation.votes_no = votes_no
        consultation.votes_abstain = votes_abstain
        consultation.unanimous = unanimous
        consultation.decision_text = decision_text or ""
        if note is not None:
            consultation.note = note
        if was_adopting and not (consultation.is_adopting and consultation.authoritative):
            raise ValidationError(
                {
                    "result": _(
                        "Die Fassung ist mit diesem Beschluss bereits beschlossen. Ein anderes "
                        "Ergebnis lässt sich hier nicht eintragen; Stimmen und Wortlaut können "
                        "korrigiert werden. War der Beschluss falsch eingetragen, kann die "
                        "Stabsstelle ihn in der Vorlage zurücknehmen."
                    )
                }
            )
        consultation.full_clean()
        if reason:
            consultation._change_reason = reason
        _with_user(consultation, user).save()

        if consultation.agenda_item_id:
            agenda_item = consultation.agenda_item
            agenda_item.result = consultation.get_result_display() if result else ""
            agenda_item.full_clean()
            if reason:
                agenda_item._change_reason = reason
            _with_user(agenda_item, user).save()

        paper = consultation.paper
        if consultation.authoritative and consultation.is_adopting and paper.edition_id:
            edition = edition_adopt(
                edition=paper.edition, adopted_on=consultation.date, user=user, reason=reason
            )
            if publish:
                from concepts.services.editions import edition_publish

                edition_publish(edition=edition, public=True, user=user)
    return consultation


def edition_adopt(
    *,
    edition: Edition,
    adopted_on: datetime.date,
    user: User | None = None,
    reason: str | None = None,
) -> Edition:
    """Mark the edition adopted on `adopted_on`; the previously adopted one is superseded."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status == Edition.Status.SUPERSEDED:
        raise ValidationError(
            _(
                "Diese Fassung ist bereits abgelöst und kann nicht erneut beschlossen werden. "
                "Bitte eine neue Fortschreibung anlegen."
            )
        )
    for previous in (
        Edition.objects.select_for_update()
        .filter(concept_id=edition.concept_id, status=Edition.Status.ADOPTED)
        .exclude(pk=edition.pk)
    ):
        previous.status = Edition.Status.SUPERSEDED
        previous.full_clean()
        if reason:
            previous._change_reason = reason
        _with_user(previous, user).save()
    edition.status = Edition.Status.ADOPTED
    edition.adopted_on = adopted_on
    edition.full_clean()
    if reason:
        edition._change_reason = reason
    _with_user(edition, user).save()
    return edition


@dataclass
class Reversal:
    """What taking back a mistaken adoption restores, for the confirmation page and the write."""

    consultation: Consultation
    edition: Edition
    status: str  # the edition's status before the adoption
    restored: Edition | None  # the edition that was current before, current again

    @property
    def status_label(self):
        return Edition.Status(self.status).label


def _status_since(records):
    """(status, since) of the newest run of equal statuses in `records` (oldest first)."""
    status, since = None, None
    for record in records:
        if record.status != status:
            status, since = record.status, record.history_date
    return status, since


def adoption_reversal(*, consultation: Consultation) -> Reversal:
    """What `consultation_revert_adoption` would do, or a ValidationError saying why not.

    The edition goes back to its status before the adoption (from its history); the edition
    the adoption superseded — the one superseded last, not before the adopted edition was last
    a draft — becomes the adopted one again.
    """
    paper = consultation.paper
    edition = paper.edition
    if not (consultation.authoritative and consultation.is_adopting) or edition is None:
        raise ValidationError(
            _("Diese Beratung hat keinen Beschluss eingetragen, der eine Fassung beschlossen hat.")
        )
    if edition.status != Edition.Status.ADOPTED:
        raise ValidationError(
            _(
                "Die Fassung „%(title)s“ ist %(status)s; zurücknehmen lässt sich nur der "
                "Beschluss der geltenden Fassung."
            )
            % {"title": edition.title, "status": edition.get_status_display()}
        )
    if edition.successors.exists():
        raise ValidationError(
            _(
                "Aus der Fassung „%(title)s“ wurde bereits eine Fortschreibung angelegt; der "
                "Beschluss lässt sich nicht mehr zurücknehmen."
            )
            % {"title": edition.title}
        )
    records = list(edition.history.order_by("history_date", "history_id"))
    before = [r for r in records if r.status != Edition.Status.ADOPTED]
    status = before[-1].status if before else Edition.Status.DRAFT
    draft_until = before[-1].history_date if before else None

    restored, restored_since = None, None
    others = Edition.objects.filter(
        concept_id=edition.concept_id, status=Edition.Status.SUPERSEDED
    ).exclude(pk=edition.pk)
    history = {}
    for record in Edition.history.filter(id__in=others.values("pk")).order_by(
        "history_date", "history_id"
    ):
        history.setdefault(record.id, []).append(record)
    for other in others:
        other_status, since = _status_since(history.get(other.pk, []))
        if other_status != Edition.Status.SUPERSEDED or since is None:
            continue
        if draft_until is not None and since < draft_until:
            continue
        if restored_since is None or since > restored_since:
            restored, restored_since = other, since
    return Reversal(consultation=consultation, edition=edition, status=status, restored=restored)


def consultation_revert_adoption(
    *, consultation: Consultation, reason: str, user: User | None = None
) -> Reversal:
    """Take back an adoption entered by mistake (Stabsstelle), recorded in the history.

    The consultation's result and votes are cleared, the edition returns to its status before
    the adoption (and leaves the public view), and the edition it superseded is the adopted
    one again. Every row keeps who did it and why in its history.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte kurz angeben, warum der Beschluss falsch ist.")})
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("paper__edition", "committee", "meeting", "agenda_item")
            .get(pk=consultation.pk)
        )
        paper = consultation.paper
        if paper.edition_id:
            locked = Edition.objects.select_for_update().filter(concept_id=paper.edition.concept_id)
            paper.edition = {e.pk: e for e in locked}[paper.edition_id]
        reversal = adoption_reversal(consultation=consultation)
        change_reason = _("Beschlusseintrag zurückgenommen: %(reason)s") % {"reason": reason}

        consultation.result = ""
        consultation.votes_yes = consultation.votes_no = consultation.votes_abstain = None
        consultation.unanimous = False
        consultation.decision_text = ""
        consultation.full_clean()
        consultation._change_reason = change_reason
        _with_user(consultation, user).save()
        if consultation.agenda_item_id:
            agenda_item = consultation.agenda_item
            agenda_item.result = ""
            agenda_item.full_clean()
            agenda_item._change_reason = change_reason
            _with_user(agenda_item, user).save()

        edition = reversal.edition
        edition.status = reversal.status
        edition.adopted_on = None
        edition.is_public = False
        edition.published_at = None
        edition.full_clean()
        edition._change_reason = change_reason
        _with_user(edition, user).save()
        if reversal.restored is not None:
            restored = reversal.restored
            restored.status = Edition.Status.ADOPTED
            restored.full_clean()
            restored._change_reason = change_reason
            _with_user(restored, user).save()
    return reversal


def amendment_save(*, amendment: Amendment, user: User | None = None) -> Amendment:
    with transaction.atomic():
        if amendment.pk is None and not amendment.position:
            amendment.position = amendment.consultation.amendments.count() + 1
        amendment.full_clean()
        _with_user(amendment, user).save()
    return amendment


def paper_attachment_add(
    *, paper: Paper, title: str, file: UploadedFile, user: User | None = None
) -> PaperAttachment:
    with transaction.atomic():
        attachment = PaperAttachment(
            paper=paper,
            title=title,
            file=file,
            mime_type=getattr(file, "content_type", "") or "",
            size=file.size,
            position=paper.attachments.count() + 1,
        )
        attachment.full_clean()
        _with_user(attachment, user).save()
    return attachment


def paper_attachment_delete(*, attachment: PaperAttachment, user: User | None = None) -> None:
    with transaction.atomic():
        _with_user(attachment, user)
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(stored))
