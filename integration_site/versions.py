"""Optimistic locking for every edit form: a save over somebody else's newer change is refused.

An edit form carries the row's `modified` time as a hidden `version`. The save checks it again
under a row lock (`select_for_update`), in the same transaction as the write; if somebody saved
in between, nothing is written and the form shows who changed what and when, read from the
row's history. Saving again after that deliberately replaces the other change.

Forms mix in `VersionedFormMixin`: its clean() checks the version, under a row lock when it runs
inside a transaction. Edit views mix in `VersionedEditMixin`, which runs the whole POST in one
transaction, so the lock taken while validating holds until the write (whatever service does it)
is committed; a refused save is an invalid form and changes nothing.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IGNORED_IN_CONFLICTS = {"created", "modified"}

CONFLICT_SHORT = gettext_lazy(
    "Nicht gespeichert: Jemand anderes hat dieses Element inzwischen geändert (siehe oben)."
)


def version_of(obj):
    """The token an edit form carries: when the row was last saved ("" for no row yet)."""
    return obj.modified.isoformat() if getattr(obj, "modified", None) else ""


@dataclass
class Change:
    user: str
    when: datetime.datetime
    fields: list  # [(label, new value as text)]


class EditConflict(ValidationError):
    """Somebody saved the row after the form was opened; `changes` says what they did."""

    def __init__(self, changes):
        self.changes = changes
        parts = []
        for change in changes:
            what = "; ".join(f"{label}: „{value}“" for label, value in change.fields) or _(
                "keine sichtbaren Felder"
            )
            parts.append(
                _("%(user)s hat am %(when)s geändert – %(what)s")
                % {"user": change.user, "when": _format_when(change.when), "what": what}
            )
        message = _(
            "Ihre Änderungen wurden nicht gespeichert, weil inzwischen jemand anderes dieses "
            "Element geändert hat: %(changes)s. Bitte prüfen Sie die Werte; wenn Sie erneut "
            "speichern, ersetzen Ihre Eingaben diese Änderung."
        ) % {"changes": " · ".join(parts)}
        super().__init__(message, code="conflict")


def _format_when(moment):
    moment = timezone.localtime(moment)
    return f"{formats.date_format(moment, 'd.m.Y')} um {formats.time_format(moment, 'H:i')} Uhr"


def _display(model, field_name, value):
    field = model._meta.get_field(field_name)
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nein")
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else "–"
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    text = str(value)
    return text if len(text) <= 160 else text[:159] + "…"


def changes_since(obj, version):
    """What others saved after `version`, newest last, from the row's history."""
    try:
        since = datetime.datetime.fromisoformat(version) if version else None
    except ValueError:  # a tampered or truncated form: show every change
        since = None
    records = obj.history.order_by("history_date", "history_id").select_related("history_user")
    if since:
        # The historical rows copy `modified`: exactly the saves after the form was opened.
        records = records.filter(modified__gt=since)
    changes = []
    for record in records:
        previous = record.prev_record
        fields = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in IGNORED_IN_CONFLICTS:
                    continue
                label = str(obj._meta.get_field(change.field).verbose_name)
                fields.append((label, _display(type(obj), change.field, change.new)))
        changes.append(
            Change(user=_name(record.history_user), when=record.history_date, fields=fields)
        )
    return [c for c in changes if c.fields] or changes[-1:]


def _name(user):
    return (user.get_full_name() or user.username) if user else _("unbekannt")


def row_appeared(obj, *, fields):
    """The conflict for a row somebody created after the form was opened without it.

    A table of values shows empty rows for what does not exist yet; a value typed there must
    not silently replace one entered meanwhile. `fields` are the ones the table shows.
    """
    record = obj.history.order_by("-history_date", "-history_id").first()
    return EditConflict(
        [
            Change(
                user=_name(record.history_user if record else None),
                when=record.history_date if record else obj.modified,
                fields=[
                    (
                        str(obj._meta.get_field(name).verbose_name),
                        _display(type(obj), name, getattr(obj, name)),
                    )
                    for name in fields
                ],
            )
        ]
    )


def version_check(*, obj, version, lock=False):
    """Raise EditConflict if `obj` was saved by somebody after `version`.

    With `lock`, the row stays locked until the surrounding transaction ends, so the write that
    follows cannot interleave with another one.
    """
    manager = type(obj)._default_manager
    if lock:
        manager = manager.select_for_update()
    current = manager.filter(pk=obj.pk).values_list("modified", flat=True).first()
    if current is None:
        raise ValidationError(_("Dieses Element wurde inzwischen gelöscht."), code="gone")
    if not version or current.isoformat() != version:
        raise EditConflict(changes_since(obj, version))


class VersionedFormMixin:
    """A hidden `version` field for any form that edits an existing row.

    `versioned` names the row when the form is no ModelForm of it (a row of a table of values)
    or its instance is a stand-in that only carries some values of the row. After a refusal
    `conflict` holds the other people's changes and the hidden version is moved on, so saving
    again replaces their change.
    """

    conflict = None
    conflict_message = CONFLICT_SHORT

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        # Empty on a form that creates a row: there is nothing to overwrite yet.
        self.fields["version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version_of(self.versioned)
        )

    @property
    def is_versioned(self):
        return self.versioned is not None and self.versioned.pk is not None

    def clean(self):
        cleaned = super().clean()
        if self.is_versioned:
            try:
                version_check(
                    obj=self.versioned,
                    version=cleaned.get("version"),
                    lock=transaction.get_connection().in_atomic_block,
                )
            except EditConflict as conflict:
                self.record_conflict(conflict)
                raise ValidationError(self.conflict_message, code="conflict") from None
        return cleaned

    def record_conflict(self, conflict):
        self.conflict = conflict.changes
        data = self.data.copy()
        current = (
            type(self.versioned)
            ._default_manager.filter(pk=self.versioned.pk)
            .values_list("modified", flat=True)
            .first()
        )
        data[self.add_prefix("version")] = current.isoformat() if current else ""
        self.data = data

    def refuse(self, conflict):
        """Show a conflict found at save time on the form."""
        self.record_conflict(conflict)
        self.add_error(None, ValidationError(self.conflict_message, code="conflict"))


class VersionedEditMixin:
    """For edit views: the POST is one transaction, so the form's row lock lasts to the write."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)
