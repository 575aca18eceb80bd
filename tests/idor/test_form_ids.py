"""Foreign ids in a form or a query string: a POST that names another town's object (or one of
another edition of the same concept) saves nothing, and a prefilled form does not show it.

Each form is sent once with the town's own ids (the control: it must save, so the data is
valid and the refusal below is the id's doing) and once per field with one foreign id.
"""

import datetime
from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.idor.table import as_kwarg, pick
from tests.idor.test_idor import body_of, row_counts
from tests.permissions import current_version

IN_A_MONTH = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


@dataclass
class FormSpec:
    name: str
    kwargs: Callable  # home side → URL kwargs (town added)
    base: Callable  # home side → the form's other fields
    ids: dict  # form field → path of the object on the home side (control)
    foreign: dict = field(default_factory=dict)  # form field → path on the home side
    values: dict = field(default_factory=dict)  # label → raw values that name no object
    role: str = "staff"
    query: str = ""

    def variants(self):
        yield "eigene-ids", None
        for name in self.ids:
            yield f"{name}-fremde-kommune", ("away", name, self.ids[name])
        for name, path in self.foreign.items():
            yield f"{name}-andere-fassung-oder-runde", ("home", name, path)
        for label, values in self.values.items():
            yield label, ("value", None, values)


def value_of(side, path):
    if callable(path):
        return path(side)
    return str(as_kwarg(pick(side, path)))


def goal(path):
    return lambda side: f"og:{pick(side, path).pk}"


TOWN = lambda side: {}  # noqa: E731
EDITION = lambda side: {"edition": side.edition.pk}  # noqa: E731

FORMS = [
    FormSpec(
        "participation:meeting_create",
        TOWN,
        lambda s: {"title": "IDOR-neu", "kind": "group_session", "starts_at": "2026-05-04 17:00"},
        {
            "group": "group",
            "measures": "measure",
            "strategic_goals": "elements.leitziele",
            "operational_goals": "elements.handlungsziele",
            "invited_users": "member_b",
            "present_users": "member_b",
        },
    ),
    FormSpec(
        "participation:meeting_update",
        lambda s: {"meeting": s.meeting.pk},
        lambda s: {
            "title": "IDOR-neu",
            "kind": "group_session",
            "starts_at": "2026-05-04 17:00",
            "version": current_version(s.meeting),
        },
        {"group": "group", "measures": "measure", "invited_users": "member_b"},
    ),
    FormSpec(
        "participation:group_create",
        TOWN,
        lambda s: {"name": "IDOR-Gruppe", "kind": "working_group"},
        {"fields_of_action": "field", "actors": "actor"},
    ),
    FormSpec(
        "participation:group_member_add",
        lambda s: {"group": s.group.pk},
        lambda s: {"role": "member"},
        {"user": "member_b", "actor": "actor"},
    ),
    FormSpec(
        "participation:review_round_create",
        TOWN,
        lambda s: {"deadline": IN_A_MONTH},
        {"chapter": "elements.kapitel", "groups": "group"},
    ),
    FormSpec(
        "participation:review_comment_create",
        lambda s: {"round": s.round.pk},
        lambda s: {"text": "IDOR-Antwort", "paragraph": "1"},
        {"parent": "comment"},
        foreign={"parent": "comment_b"},
        # Round B's chapter text has the same paragraphs; 99 is in no round.
        values={"absatz-99": {"paragraph": "99", "parent": ""}},
        role="member",
    ),
    FormSpec(
        "concepts:element_create",
        lambda s: {"edition": s.edition.pk, "kind": "massnahmen"},
        lambda s: {
            "title": "IDOR-Maßnahme",
            "description": "IDOR",
            "status": "planned",
            "origin": "new",
        },
        {
            "field_of_action": "field",
            "operational_goals": "elements.handlungsziele",
            "strategic_goals": "elements.leitziele",
            "themes": "elements.querschnittsthemen",
        },
        foreign={
            "field_of_action": "field2",
            "operational_goals": "elements2.handlungsziele",
            "themes": "elements2.querschnittsthemen",
        },
    ),
    FormSpec(
        "concepts:element_create",
        lambda s: {"edition": s.edition.pk, "kind": "traeger"},
        lambda s: {"role": "partner"},
        {"measure": "measure", "actor": "actor2"},
        foreign={"measure": "measure2"},
    ),
    FormSpec(
        "concepts:element_create",
        lambda s: {"edition": s.edition.pk, "kind": "leitziele"},
        lambda s: {"title": "IDOR-Leitziel"},
        {"field_of_action": "field"},
        foreign={"field_of_action": "field2"},
    ),
    FormSpec(
        "council:paper_create",
        TOWN,
        lambda s: {
            "kind": "resolution",
            "date": "2026-05-04",
            "subject": "IDOR-Vorlage",
            "author_office": "Stabsstelle",
            "signature": "Der Bürgermeister",
        },
        {"edition": "edition"},
    ),
    FormSpec(
        "council:consultation_create",
        lambda s: {"paper": s.draft.pk},
        lambda s: {"role": "decision", "position": "5"},
        {"committee": "committee", "meeting": "committee_meeting"},
    ),
    FormSpec(
        "indicators:round_create",
        TOWN,
        lambda s: {"title": "IDOR-Runde", "reference_date": "2025-12-31", "deadline": IN_A_MONTH},
        {"edition": "edition"},
    ),
    FormSpec(
        "indicators:indicator_create",
        EDITION,
        lambda s: {
            "code": "IDOR",
            "name": "IDOR-Indikator",
            "unit": "percent",
            "decimal_places": "1",
            "rhythm": "annual",
            "direction": "higher",
        },
        {"goal": goal("elements.handlungsziele")},
        foreign={"goal": goal("elements2.handlungsziele")},
    ),
    FormSpec(
        "indicators:measurement_table",
        lambda s: {"edition": s.edition.pk, "field": s.field.pk},
        lambda s: {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-value": "77"},
        {"form-0-indicator": "indicator"},
        foreign={"form-0-indicator": "indicator2"},
        query="?zeitraum=2024",
    ),
]

VARIANTS = [(spec, label, how) for spec in FORMS for label, how in spec.variants()]


@pytest.mark.parametrize(
    ("spec", "label", "how"),
    VARIANTS,
    ids=[
        f"{spec.name}-{spec.kwargs.__name__ if False else i}-{label}"
        for i, (spec, label, _) in enumerate(VARIANTS)
    ],
)
def test_a_form_with_a_foreign_id_saves_nothing(spec, label, how, idor, idor_client):
    home, away = idor.rheine, idor.emmerich
    data = spec.base(home) | {name: value_of(home, path) for name, path in spec.ids.items()}
    marker = None
    if how is not None:
        source, name, path = how
        if source == "value":
            data.update(path)
        else:
            side = away if source == "away" else home
            data[name] = value_of(side, path)
            marker = away.marker if source == "away" else None
    url = reverse(spec.name, kwargs={"town": home.slug, **spec.kwargs(home)}) + spec.query
    before = row_counts()
    response = idor_client(spec.role).post(url, data)
    changed = row_counts() != before
    if how is None:
        assert changed, f"{url} mit eigenen ids hat nichts gespeichert ({response.status_code})"
        return
    assert not changed, f"{url} hat mit {label} gespeichert"
    assert response.status_code in (200, 302, 400, 403, 404)
    if marker:
        assert marker not in body_of(response)


QUERIES = [
    ("participation:meeting_create", TOWN, "?gruppe={away.group.pk}"),
    ("participation:review_round_create", TOWN, "?kapitel={away.elements[kapitel].pk}"),
    (
        "concepts:element_create",
        lambda s: {**EDITION(s), "kind": "leitziele"},
        "?handlungsfeld={away.field.pk}",
    ),
    (
        "concepts:element_create",
        lambda s: {**EDITION(s), "kind": "massnahmen"},
        "?handlungsziel={away.elements[handlungsziele].pk}",
    ),
    ("indicators:indicator_create", EDITION, "?ziel=og:{away.elements[handlungsziele].pk}"),
    ("indicators:report", TOWN, "?fassung={away.edition.pk}"),
    ("indicators:export_csv", TOWN, "?fassung={away.edition.pk}"),
    ("concepts:edition_compare", EDITION, "?mit={away.edition.pk}"),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "query"), QUERIES, ids=[f"{n}{q.split('=')[0]}" for n, _, q in QUERIES]
)
def test_a_foreign_id_in_the_query_string_shows_nothing(name, kwargs, query, idor, idor_client):
    home, away = idor.rheine, idor.emmerich
    url = reverse(name, kwargs={"town": home.slug, **kwargs(home)}) + query.format(away=away)
    response = idor_client("staff").get(url)
    assert response.status_code in (200, 302, 404)
    assert away.marker not in body_of(response), f"{url} zeigt {away.marker}"


def test_an_import_preview_of_another_edition_is_not_shown_or_imported(idor, idor_client):
    """The preview token lives in the session with its edition; under another edition's URL
    (or as another person) it is void, like an unknown token."""
    home = idor.rheine
    client = idor_client("staff")
    csv = (
        "Indikator;Bezeichnung;Einheit;Zeitraum;Aufschlüsselung;Wert;ca.;Zeitreihenbruch;Text;"
        f"Quellenhinweis\n{home.indicator2.code};;;2024;;55;;;;IDOR-Import\n"
    ).encode()
    upload = reverse("indicators:import_upload", args=[home.slug, home.edition2.pk])
    response = client.post(upload, {"file": SimpleUploadedFile("werte.csv", csv)})
    assert response.status_code == 302
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    own = reverse("indicators:import_preview", args=[home.slug, home.edition2.pk, token])
    assert client.get(own).status_code == 200
    other = reverse("indicators:import_preview", args=[home.slug, home.edition.pk, token])
    before = row_counts()
    for method in ("get", "post"):
        response = getattr(client, method)(other)
        assert response.status_code == 302
        assert response["Location"].endswith(
            reverse("indicators:import_upload", args=[home.slug, home.edition.pk])
        )
    assert row_counts() == before
    # Another person of the town with the same token gets nothing either.
    response = idor_client("superuser").post(own)
    assert response.status_code == 302 and row_counts() == before
    # The owner still can: the refusals above were the URL's and the person's doing.
    assert client.post(own).status_code == 302
    assert row_counts() != before
