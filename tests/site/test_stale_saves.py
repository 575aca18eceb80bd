"""Lost updates: every edit view refuses a save made from a form opened before somebody else's.

`TABLE` has a row for every view that saves an existing row of the database: which row it
edits, which field the other person changes meanwhile and which field the stale form changes.
Each row is asked twice, as the person who may edit:

- a save with the version the form page shows is stored;
- a save with the version from before the other person's save is refused with the German
  conflict display (who, when, what) and leaves the row exactly as the other person left it.

The POST data is what the form page itself offers (its bound fields' initial values), so the
row needs no hand-written data. `test_every_edit_view_has_a_row` walks the URL resolver and fails
when a view that can write an existing row is neither in `TABLE` nor in `NOT_AN_EDIT` (with the
reason why it needs no version check) nor in `VERSIONED_ELSEWHERE` (forms of several rows, with
tests of their own).

The world is the IDOR world (tests/idor/world.py): two towns with one object of every kind.
"""

import copy
import datetime
import re
from dataclasses import dataclass, field
from typing import Callable

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.generic.edit import BaseUpdateView

from concepts.models import GoalAssessment
from participation.models import NotificationSettings
from tests import factories
from tests.idor.world import world_rolled_back

THEIRS = "Änderung von Berta"
MINE = "Meine Änderung"


@dataclass
class Edit:
    """One edit view: the row it edits and what the two people change."""

    name: str
    obj: Callable  # world → the row the form edits
    kwargs: Callable  # (world, obj) → URL kwargs besides the town
    field: str  # what the stale form changes
    other_field: str = ""  # what the other person changes (default: the same field)
    mine: object = MINE
    theirs: object = THEIRS
    role: str = "staff"
    more_data: Callable = field(default=lambda world, obj: {})  # POST values the initial lacks
    label: str = ""
    query: str = ""
    # The page's forms (the first one holds the edited row) and further POST data.
    forms_of: Callable = field(default=lambda context: ([context["form"]], {}))

    def __str__(self):
        return self.label or self.name


def element(kind, field_name="title", **options):
    return Edit(
        "concepts:element_update",
        lambda w: w.rheine.elements[kind],
        lambda w, obj: {"edition": w.rheine.edition.pk, "kind": kind, "pk": obj.pk},
        field_name,
        label=f"concepts:element_update[{kind}]",
        **options,
    )


def _formset(context):
    formset = context["formset"]
    return list(formset), initial_data(formset.management_form)


def _pairs(context):
    return [form for _row, form in context["pairs"]], {}


def _graded_goal(world):
    """A Fortschreibung whose predecessor's Leitziel already has a Bewertung."""
    side = world.rheine
    side.edition2.based_on = side.edition
    side.edition2.save()
    return GoalAssessment.objects.create(
        edition=side.edition2,
        strategic_goal=side.elements["leitziele"],
        grade=GoalAssessment.Grade.PARTLY,
        text="Erste Bewertung",
    )


def _notification_settings(world):
    settings, _created = NotificationSettings.objects.get_or_create(user=world.users["staff"])
    return settings


TABLE = [
    Edit("legal_edit", lambda w: w.rheine.town, lambda w, obj: {}, "legal_imprint"),
    element("leitbild"),
    element("leitsaetze"),
    element("kapitel"),
    element("querschnittsthemen"),
    element("handlungsfelder"),
    element("unterthemen"),
    element("leitziele"),
    element("handlungsziele"),
    element("massnahmen"),
    element("umsetzungsmarker"),
    element("traeger", "role", mine="funder", theirs="partner"),
    Edit(
        "indicators:indicator_update",
        lambda w: w.rheine.indicator,
        lambda w, obj: {"pk": obj.pk},
        "name",
    ),
    Edit(
        "indicators:measurement_table",
        lambda w: w.rheine.measurement,
        lambda w, obj: {"edition": w.rheine.edition.pk, "field": w.rheine.field.pk},
        "source_note",
        query="?zeitraum=2023",
        forms_of=_formset,
    ),
    Edit(
        "concepts:assessment_edit",
        _graded_goal,
        lambda w, obj: {"edition": obj.edition_id},
        "text",
        forms_of=_pairs,
    ),
    Edit(
        "participation:actor_update",
        lambda w: w.rheine.actor,
        lambda w, obj: {"actor": obj.pk},
        "name",
    ),
    Edit(
        "participation:contact_update",
        lambda w: w.rheine.contact,
        lambda w, obj: {"actor": obj.actor_id, "contact": obj.pk},
        "name",
    ),
    Edit(
        "participation:group_update",
        lambda w: w.rheine.group,
        lambda w, obj: {"group": obj.pk},
        "name",
    ),
    Edit(
        "participation:survey_update",
        lambda w: w.rheine.survey,
        lambda w, obj: {"survey": obj.pk},
        "title",
    ),
    Edit(
        "participation:survey_section_update",
        lambda w: w.rheine.survey_section,
        lambda w, obj: {"survey": obj.survey_id, "section": obj.pk},
        "title",
    ),
    Edit(
        "participation:survey_question_update",
        lambda w: w.rheine.survey_question,
        lambda w, obj: {"survey": obj.section.survey_id, "question": obj.pk},
        "text",
    ),
    # The case of the security test: A writes the minutes, B saves the title from a stale form.
    Edit(
        "participation:meeting_update",
        lambda w: w.rheine.meeting,
        lambda w, obj: {"meeting": obj.pk},
        "title",
        other_field="minutes",
    ),
    Edit(
        "participation:review_comment_update",
        lambda w: w.rheine.comment,
        lambda w, obj: {"round": obj.round_id, "comment": obj.pk},
        "text",
        role="member",
    ),
    Edit(
        "participation:review_comment_answer",
        lambda w: w.rheine.comment,
        lambda w, obj: {"round": obj.round_id, "comment": obj.pk},
        "answer",
        more_data=lambda w, obj: {"disposition": "accepted"},
    ),
    Edit(
        "participation:notification_settings",
        _notification_settings,
        lambda w, obj: {},
        "round_opened",
        other_field="reply",
        mine=False,
        theirs=False,
    ),
    Edit(
        "council:committee_update",
        lambda w: w.rheine.committee,
        lambda w, obj: {"committee": obj.pk},
        "name",
    ),
    Edit(
        "council:membership_update",
        lambda w: w.rheine.committee_membership,
        lambda w, obj: {"committee": obj.committee_id, "membership": obj.pk},
        "party_group",
    ),
    Edit(
        "council:meeting_update",
        lambda w: w.rheine.committee_meeting,
        lambda w, obj: {"meeting": obj.pk},
        "name",
        other_field="location",
    ),
    Edit(
        "council:paper_update",
        lambda w: w.rheine.paper,
        lambda w, obj: {"paper": obj.pk},
        "subject",
    ),
    Edit(
        "council:consultation_update",
        lambda w: w.rheine.consultation,
        lambda w, obj: {"consultation": obj.pk},
        "position",
        mine=8,
        theirs=7,
    ),
    Edit(
        "council:consultation_result",
        lambda w: w.rheine.consultation,
        lambda w, obj: {"consultation": obj.pk},
        "note",
        more_data=lambda w, obj: {
            "result": "adopted_unchanged",
            "votes_yes": "1",
            "votes_no": "0",
            "votes_abstain": "0",
        },
    ),
    Edit(
        "council:numbering_update",
        lambda w: w.rheine.numbering,
        lambda w, obj: {"numbering": obj.pk},
        "pattern",
        mine="NEU/{nr:04d}/{jahr}",
        theirs="BERTA/{nr:04d}/{jahr}",
    ),
]

# Views that write on POST and name an object (or use a model form) but change no existing row
# from a form that shows its values, so a stale form cannot overwrite anything: each needs a reason.
CREATES = "legt eine neue Zeile an; es gibt nichts zu überschreiben"
DELETES = "löscht nach Rückfrage; nichts wird mit alten Werten überschrieben"
ACTION = "eine Aktion ohne Formularwerte der Zeile (Knopf), nichts wird überschrieben"
NOT_AN_EDIT = {
    # Ratsinformationssystem: the link is no edit of the Vorlage; the take-over carries the
    # fingerprint of the preview it was confirmed on, which includes our side's state, and is
    # refused when either side changed since (tests/participation/ris/test_services.py).
    "ris:paper": "verknüpft die Vorlage nur mit dem Ratsinformationssystem",
    "ris:paper_preview": "übernimmt nur zum Fingerabdruck der bestätigten Vorschau",
    "ris:paper_unlink": "löst nur die Verknüpfung",
    # Django's own password views: the user's own password, with a signed token.
    "password_reset_confirm": "setzt nur das Passwort mit einem signierten Link",
    "concepts:element_create": CREATES,
    "concepts:edition_copy": CREATES,
    # The matching to the predecessor is confirmed as a whole: every pair is on the form, so a
    # confirmation is a complete decision and replaces the previous one (not a field-wise edit).
    "concepts:predecessor_match": "bestätigt die Zuordnung als Ganzes (jedes Paar im Formular)",
    "indicators:indicator_create": CREATES,
    "indicators:round_create": CREATES,
    "participation:review_comment_create": CREATES,
    "participation:actor_create": CREATES,
    "participation:contact_create": CREATES,
    "participation:group_create": CREATES,
    "participation:invitation_create": CREATES,
    "participation:meeting_create": CREATES,
    "participation:attachment_upload": CREATES,
    "council:committee_create": CREATES,
    "council:membership_create": CREATES,
    "council:meeting_create": CREATES,
    "council:paper_create": CREATES,
    "council:consultation_create": CREATES,
    "council:amendment_create": CREATES,
    "council:attachment_create": CREATES,
    "council:numbering_create": CREATES,
    "participation:survey_create": CREATES,
    "participation:survey_section_create": CREATES,
    "participation:survey_question_create": CREATES,
    "participation:survey_invite": CREATES,
    "participation:survey_citation_create": CREATES,
    # A respondent's own response: only the holder of the link (or session) writes it, page by
    # page; there is nobody else's change to overwrite.
    "participation:survey_answer": "die eigene Antwort der Person mit dem Link",
    "participation:survey_answer_open": "die eigene Antwort dieser Sitzung",
    # Imports add an edition or values from a file after a preview of exactly that file.
    "indicators:import_upload": "liest eine Datei ein und zeigt eine Vorschau",
    "indicators:import_preview": "übernimmt genau die geprüfte Datei (Vorschau-Token)",
    # "Erneut versuchen" enqueues the same stored upload again; it changes no content itself.
    "import_job": "reiht denselben gespeicherten Import noch einmal ein",
    # Taking back an adoption acts on the state it finds and refuses when the edition is no
    # longer the adopted one (a second tab, a Fortschreibung made meanwhile): nothing to overwrite.
    "council:consultation_revert": "nimmt einen Beschluss zurück, solange er gilt",
    "concepts:element_delete": DELETES,
    "indicators:indicator_delete": DELETES,
    "indicators:measurement_delete": DELETES,
    "participation:actor_delete": DELETES,
    "participation:contact_delete": DELETES,
    "participation:group_delete": DELETES,
    "participation:meeting_delete": DELETES,
    "participation:survey_question_delete": DELETES,
    "participation:survey_section_delete": DELETES,
    "participation:survey_citation_delete": DELETES,
    "participation:attachment_delete": DELETES,
    "council:consultation_delete": DELETES,
    "council:attachment_delete": DELETES,
    "concepts:edition_publish": ACTION,
    "concepts:element_move": ACTION,
    "indicators:round_remind_all": ACTION,
    "indicators:round_remind": ACTION,
    "indicators:round_close": ACTION,
    "participation:review_comment_withdraw": ACTION,
    "participation:review_round_close": ACTION,
    "participation:group_member_add": ACTION,
    "participation:group_member_remove": ACTION,
    "participation:invitation_accept": ACTION,
    "participation:survey_remind": ACTION,
    "participation:survey_close": ACTION,
    "participation:survey_section_move": ACTION,
    # The tags are set as a whole from the checkboxes the person sees.
    "participation:survey_answer_tag": ACTION,
    # Restoring a chosen state from the history page is meant to replace the current one; the
    # restore is itself a new history entry.
    "concepts:history_restore": "stellt bewusst einen früheren Stand wieder her",
}
# Versioned, but their form is not one row with one `version`: each has its own tests below.
VERSIONED_ELSEWHERE = {
    # The period is typed in, so the stored value is found at save time (MeasurementForm).
    "indicators:measurement_create": [
        "test_an_existing_value_is_shown_and_replaced_only_on_request",
        "test_a_value_entered_meanwhile_on_the_indicator_page_is_not_replaced",
    ],
    # One version per measure, milestone and value of the report (TaskReportForm).
    "indicators:task_report": [
        "test_a_report_over_a_status_changed_meanwhile_is_refused",
        "test_a_report_over_a_value_entered_meanwhile_is_refused",
    ],
}

# URL kwargs that name no object (as in tests/site/test_permission_coverage.py).
NOT_OBJECT_IDS = {"town", "kind", "fmt"}
IGNORED_NAMESPACES = {"admin"}


def url_views(resolver=None, namespace="", inherited=frozenset()):
    """(URL name, view class or function, the kwargs of the pattern and its includes)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names = inherited | set(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.namespace in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_views(entry, prefix, frozenset(names))
        elif isinstance(entry, URLPattern) and entry.name:
            callback = entry.callback
            yield f"{namespace}{entry.name}", getattr(callback, "view_class", callback), names


def may_write_an_existing_row(view, kwargs):
    """A view that takes POST and names an object, edits a model form or is an UpdateView."""
    from integration_site.versions import VersionedEditMixin

    if not isinstance(view, type):
        # Function views: only the health check, which takes no POST.
        return False
    if not hasattr(view, "post"):
        return False
    form_class = getattr(view, "form_class", None)
    model_form = isinstance(form_class, type) and issubclass(form_class, forms.BaseModelForm)
    return bool(
        kwargs - NOT_OBJECT_IDS
        or model_form
        or issubclass(view, (BaseUpdateView, VersionedEditMixin))
    )


def test_every_edit_view_has_a_row():
    from integration_site.versions import VersionedEditMixin

    table = {row.name for row in TABLE}
    exempt = set(NOT_AN_EDIT) | set(VERSIONED_ELSEWHERE)
    views = {name: (view, kwargs) for name, view, kwargs in url_views()}
    missing = sorted(
        name
        for name, (view, kwargs) in views.items()
        if may_write_an_existing_row(view, kwargs) and name not in table | exempt
    )
    assert not missing, f"Bearbeiten-Ansichten ohne Zeile in TABLE oder NOT_AN_EDIT: {missing}"
    # An UpdateView is an edit, and a view with the version check may only be exempt where it
    # creates (the same view class often serves the create and the update URL).
    wrongly_exempt = sorted(
        name
        for name in NOT_AN_EDIT
        if name in views
        and isinstance(views[name][0], type)
        and (
            issubclass(views[name][0], BaseUpdateView)
            or issubclass(views[name][0], VersionedEditMixin)
            and NOT_AN_EDIT.get(name) != CREATES
        )
    )
    assert not wrongly_exempt, f"Bearbeiten-Ansichten in einer Ausnahmeliste: {wrongly_exempt}"
    unversioned = sorted(
        name for name in table if not issubclass(views[name][0], VersionedEditMixin)
    )
    unversioned += sorted(
        name for name in VERSIONED_ELSEWHERE if not issubclass(views[name][0], VersionedEditMixin)
    )
    assert not unversioned, f"Bearbeiten-Ansichten ohne VersionedEditMixin: {unversioned}"
    untested = [t for tests in VERSIONED_ELSEWHERE.values() for t in tests if t not in globals()]
    assert not untested, f"Tests aus VERSIONED_ELSEWHERE fehlen: {untested}"
    stale_entries = sorted((table | exempt) - set(views))
    assert not stale_entries, f"Zeilen für URLs, die es nicht mehr gibt: {stale_entries}"


# --- the world ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both towns of the IDOR world and Berta, built once for this module and rolled back."""

    def add_berta(built):
        built.berta = factories.UserFactory(
            username="berta", first_name="Berta", last_name="Beispiel"
        )

    yield from world_rolled_back(django_db_blocker, tmp_path_factory.mktemp("stale"), add_berta)


def client_for(world, role):
    client = Client()
    client.cookies = copy.deepcopy(world.cookies[role])
    return client


# --- the two requests -----------------------------------------------------------------------


VERSION_INPUT = re.compile(r'<input[^>]*\bname="(?:[\w-]+-)?version"[^>]*>')


def version_in(html):
    """The version the form page hands out, as the browser would send it back."""
    tag = VERSION_INPUT.search(html)
    assert tag, "Das Formular enthält kein verstecktes Feld „version“."
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def initial_data(form):
    """POST data that sends back what the unbound form shows."""
    data = {}
    for bound in form:
        key = bound.html_name
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if widget.check_test(value):
                data[key] = "on"
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
            continue
        if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[key] = [str(v) for v in bound.field.prepare_value(value) or []]
            continue
        if value is None:
            data[key] = ""
            continue
        formatted = widget.format_value(value)
        if isinstance(formatted, list):  # choice widgets format a list of the chosen values
            data[key] = formatted[0] if formatted else ""
        else:
            data[key] = "" if formatted is None else str(formatted)
    return data


def put(data, form, name, value):
    key = form.add_prefix(name)
    if isinstance(value, bool):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        data[key] = str(value)


def snapshot(obj):
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


def open_form(row, world, client):
    obj = row.obj(world)
    url = reverse(row.name, kwargs={"town": world.rheine.slug, **row.kwargs(world, obj)})
    url += row.query
    page = client.get(url)
    assert page.status_code == 200, f"{row}: GET {url} → {page.status_code}"
    page_forms, data = row.forms_of(page.context)
    for each in page_forms:
        data.update(initial_data(each))
    form = page_forms[0]
    data.update(row.more_data(world, obj))
    version = version_in(page.content.decode())
    data[form.add_prefix("version")] = version
    put(data, form, row.field, row.mine)
    return obj, url, form, data


def someone_else_saves(row, world, obj):
    """Berta saves the row in the meantime (through the ORM, as any other request would)."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    setattr(fresh, row.other_field or row.field, row.theirs)
    fresh._history_user = world.berta
    fresh.save()


def errors_of(response):
    if not response.context:
        return ""
    context = response.context
    if "form" in context:
        return context["form"].errors
    if "formset" in context:
        return context["formset"].errors
    return [form.errors for _row, form in context.get("pairs", [])]


@pytest.mark.parametrize("row", TABLE, ids=str)
def test_a_save_with_the_current_version_is_stored(row, world, db):
    client = client_for(world, row.role)
    obj, url, _form, data = open_form(row, world, client)
    response = client.post(url, data)
    assert response.status_code == 302, f"{row}: {response.status_code}; {errors_of(response)}"
    assert snapshot(obj)[type(obj)._meta.get_field(row.field).attname] == row.mine


@pytest.mark.parametrize("row", TABLE, ids=str)
def test_a_stale_save_is_refused_and_changes_nothing(row, world, db):
    client = client_for(world, row.role)
    obj, url, _form, data = open_form(row, world, client)
    someone_else_saves(row, world, obj)
    before = snapshot(obj)
    response = client.post(url, data)
    assert response.status_code == 200, f"{row}: the stale save was not refused"
    html = response.content.decode()
    assert "Nicht gespeichert: Jemand anderes hat dieses Element inzwischen geändert" in html
    assert "Inzwischen hat jemand anderes gespeichert" in html
    assert "Berta Beispiel" in html  # who
    assert timezone.localdate().strftime("%d.%m.%Y") in html  # when
    other = row.other_field or row.field
    label = str(type(obj)._meta.get_field(other).verbose_name)
    assert label in html  # what
    assert snapshot(obj) == before, f"{row}: the refused save changed the row"
    # The form now carries the new version: saving again deliberately replaces Berta's change.
    assert version_in(html) == before["modified"].isoformat()


def test_a_value_entered_meanwhile_in_an_empty_row_of_the_table_is_not_replaced(world, db):
    """The value table shows an empty row for a period without value; Berta fills it meanwhile."""
    from indicators.models import Measurement

    side = world.rheine
    client = client_for(world, "staff")
    url = (
        reverse(
            "indicators:measurement_table",
            kwargs={"town": side.slug, "edition": side.edition.pk, "field": side.field.pk},
        )
        + "?zeitraum=2019"
    )
    page = client.get(url)
    page_forms, data = _formset(page.context)
    for each in page_forms:
        data.update(initial_data(each))
    data[page_forms[0].add_prefix("value")] = "10"
    entered = Measurement(
        indicator=side.indicator,
        period_kind=side.measurement.period_kind,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        period_label="2019",
        value=12,
    )
    entered._history_user = world.berta
    entered.save()
    before = snapshot(entered)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inzwischen hat jemand anderes gespeichert" in html
    assert "Berta Beispiel" in html and "12" in html
    assert snapshot(entered) == before


# --- forms of several rows: the value form on the indicator page and the report link -----------


def _value_of(world, year, value, by):
    from indicators.models import Measurement

    entered = Measurement(
        indicator=world.rheine.indicator,
        period_kind=world.rheine.measurement.period_kind,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        period_label=str(year),
        value=value,
        entered_by=by,
    )
    entered._history_user = by
    entered.save()
    return entered


def _value_form_post(world, client, **values):
    side = world.rheine
    url = reverse(
        "indicators:measurement_create", kwargs={"town": side.slug, "pk": side.indicator.pk}
    )
    page = client.get(
        reverse("indicators:indicator_detail", kwargs={"town": side.slug, "pk": side.indicator.pk})
    )
    assert page.status_code == 200
    data = initial_data(page.context["form"])
    data.update(values)
    return url, data


def test_an_existing_value_is_shown_and_replaced_only_on_request(world, db):
    side = world.rheine
    client = client_for(world, "staff")
    stored = _value_of(world, 2018, 12, world.berta)
    before = snapshot(stored)
    url, data = _value_form_post(world, client, period="2018", value="40")
    assert data["version"] == ""  # the page expects no value for what will be typed in

    refused = client.post(url, data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Für 2018 gibt es schon einen Wert" in html
    assert "Nicht gespeichert: Für 2018 gibt es schon einen Wert" in html
    assert "Berta Beispiel" in html and "Vorhandenen Wert ersetzen" in html
    assert snapshot(stored) == before

    # Sending the form again, as the page now offers it, replaces exactly that value.
    data["version"] = version_in(html)
    assert data["version"] == before["modified"].isoformat()
    replaced = client.post(url, data, follow=True)
    assert "Der Wert für 2018 wurde ersetzt." in replaced.content.decode()
    stored.refresh_from_db()
    assert stored.value == 40 and stored.entered_by == world.users["staff"]
    assert side.indicator.measurements.filter(period_start__year=2018).count() == 1


def test_a_value_entered_meanwhile_on_the_indicator_page_is_not_replaced(world, db):
    client = client_for(world, "staff")
    url, data = _value_form_post(world, client, period="2017", value="40")
    entered = _value_of(world, 2017, 12, world.berta)  # Berta, while the form is open
    before = snapshot(entered)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Für 2017 gibt es schon einen Wert" in response.content.decode()
    assert snapshot(entered) == before
    # A period without a value is simply stored.
    data["period"] = "2016"
    assert client.post(url, data).status_code == 302
    assert world.rheine.indicator.measurements.get(period_start__year=2016).value == 40


def _report_page(world):
    side = world.rheine
    for row in (side.measure, side.indicator):
        type(row).objects.filter(pk=row.pk).update(responsible_email=side.task.email)
    url = reverse("indicators:task_report", kwargs={"town": side.slug, "token": side.task_token})
    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    data = initial_data(page.context["form"])
    return client, url, data


def test_a_report_over_a_status_changed_meanwhile_is_refused(world, db):
    from concepts.models import Measure

    side = world.rheine
    client, url, data = _report_page(world)
    status = f"measure-{side.measure.pk}-status"
    data[status] = Measure.Status.COMPLETED
    measure = Measure.objects.get(pk=side.measure.pk)
    measure.status = Measure.Status.SUSPENDED  # the Stabsstelle, while the report is open
    measure._history_user = world.berta
    measure.save()
    before = snapshot(measure)

    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inzwischen hat jemand anderes gespeichert" in html
    assert "Berta Beispiel" in html
    assert str(Measure._meta.get_field("status").verbose_name) in html
    assert snapshot(measure) == before
    side.task.refresh_from_db()
    assert side.task.reported_at is None

    # The page now carries the new version: sending again deliberately replaces the change.
    data[f"measure-{side.measure.pk}-version"] = before["modified"].isoformat()
    assert f'value="{before["modified"].isoformat()}"' in html
    assert client.post(url, data).status_code == 302
    assert Measure.objects.get(pk=side.measure.pk).status == Measure.Status.COMPLETED


def test_a_report_over_a_value_entered_meanwhile_is_refused(world, db):
    side = world.rheine
    client, url, data = _report_page(world)
    data[f"indicator-{side.indicator.pk}-value"] = "77"
    assert data[f"indicator-{side.indicator.pk}-version"] == ""
    entered = _value_of(world, 2024, 12, world.berta)  # the round's Stichtag is 31.12.2024
    before = snapshot(entered)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Berta Beispiel" in response.content.decode()
    assert snapshot(entered) == before
