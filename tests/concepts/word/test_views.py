"""The Word import in the browser: upload, preview beside the tree, corrections (plain and
htmx), rules file, import; bad input changes nothing (issue 18, points 3, 4, 5)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concepts.models import Edition
from concepts.word import views
from tests.concepts.word import shapes
from tests.concepts.word.tree import edition_tree


def upload_url(world):
    return reverse("concepts:word_upload", kwargs={"town": world.town.slug})


def preview_url(world):
    return reverse("concepts:word_preview", kwargs={"town": world.town.slug})


def upload(client, world, raw, name="konzept.docx", rules=None):
    data = {"file": SimpleUploadedFile(name, raw)}
    if rules is not None:
        data["rules"] = SimpleUploadedFile("regeln.json", rules.encode())
    return client.post(upload_url(world), data)


def test_upload_preview_correct_and_import(world, staff_client):
    before = Edition.objects.count()
    response = upload(staff_client, world, shapes.keywords_only())
    assert response.status_code == 302 and response["Location"] == preview_url(world)
    page = staff_client.get(preview_url(world)).content.decode()
    assert "Noch ist nichts gespeichert." in page
    assert 'id="zeile-3"' in page  # the line "Zusammenleben"
    assert "Handlungsfeld</span> Zusammenleben" in page
    assert Edition.objects.count() == before  # nothing written yet
    # one line: the first field's Leitziel becomes a Handlungsziel (plain form: redirect)
    response = staff_client.post(
        preview_url(world),
        {"action": "role", "line": 5, "role": "operational_goal", "scope": "line"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?seite=1#zeile-5")
    page = staff_client.get(preview_url(world)).content.decode()
    assert "Handlungsziel</span> Das Zusammenleben gelingt." in page
    # all lines of the style "Heading 2" are sub-themes … then back to fields (htmx: a part)
    response = staff_client.post(
        preview_url(world),
        {"action": "role", "line": 3, "role": "sub_theme", "scope": "style"},
        HTTP_HX_REQUEST="true",
    )
    part = response.content.decode()
    assert "<html" not in part and 'id="zeile-3"' in part
    assert 'hx-swap-oob="innerHTML">Alle Zeilen der Formatvorlage „Heading 2“: Unterthema.' in part
    assert "Handlungsfeld</span>" not in part.split('id="word-tree"')[1]
    staff_client.post(
        preview_url(world), {"action": "role", "line": 3, "role": "field", "scope": "style"}
    )
    # merge the measure with its description line
    staff_client.post(preview_url(world), {"action": "merge", "line": 9})
    rules = json.loads(
        staff_client.get(reverse("concepts:word_rules", kwargs={"town": "rheine"})).content
    )
    assert rules["lines"] == {"5": "operational_goal"}
    assert rules["styles"] == {"Heading 2": "field"}
    assert rules["merges"] == [9]
    response = staff_client.post(
        preview_url(world),
        {
            "action": "import",
            "concept_title": "Konzept Rheine",
            "edition_title": "Fassung 2020",
            "year": 2020,
        },
        follow=True,
    )
    # The import ran as a background task; its page links to the new draft.
    edition = Edition.objects.latest("pk")
    assert response.redirect_chain[0][0].startswith("/rheine/importe/")
    assert "ist als neuer Entwurf aus Word importiert" in response.content.decode()
    detail = reverse("concepts:edition_detail", kwargs={"town": "rheine", "edition": edition.pk})
    assert f'href="{detail}"' in response.content.decode()
    assert (edition.concept.title, edition.title, edition.year) == (
        "Konzept Rheine",
        "Fassung 2020",
        2020,
    )
    tree = edition_tree(edition)
    assert tree["fields"][0]["goals"] == [
        (None, ["Das Zusammenleben gelingt."]),
        (None, ["Mehr Begegnung im Feld Zusammenleben"]),
        (None, ["Bessere Information im Feld Zusammenleben"]),
    ]
    assert tree["fields"][0]["measures"] == [
        "Begegnungsfest Zusammenleben Einmal im Jahr auf dem Marktplatz."
    ]
    # the session is emptied: the preview sends back to the upload
    assert staff_client.get(preview_url(world))["Location"] == upload_url(world)


def test_a_saved_rules_file_applies_to_the_next_upload(world, staff_client):
    rules = '{"format": "integrationskonzept-word-regeln/1", "styles": {"List Bullet": "measure"}}'
    upload(staff_client, world, shapes.keywords_only(), rules=rules)
    page = staff_client.get(preview_url(world)).content.decode()
    assert "Maßnahme</span> Mehr Begegnung im Feld Zusammenleben" in page


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"kein Word", "Die Datei ist kein Word-Dokument (.docx)."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "älteres Word-Dokument (.doc)"),
    ],
)
def test_bad_input_shows_a_german_error_and_stores_nothing(world, staff_client, raw, message):
    response = upload(staff_client, world, raw)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "word-import:rheine" not in staff_client.session


def test_a_problem_at_import_names_the_line_and_writes_nothing(world, staff_client):
    upload(staff_client, world, shapes.keywords_only())
    # the fields are no longer fields: the goals have no field
    staff_client.post(
        preview_url(world), {"action": "role", "line": 3, "role": "text", "scope": "style"}
    )
    before = Edition.objects.count()
    response = staff_client.post(
        preview_url(world),
        {"action": "import", "concept_title": "K", "edition_title": "F", "year": 2020},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nicht importiert: " in page
    assert "Zeile 6 („Leitziel: Das Zusammenleben gelingt.“)" in page
    assert Edition.objects.count() == before


def test_the_preview_is_paged_with_a_fixed_number_of_queries(
    world, staff_client, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    upload(staff_client, world, shapes.numbered_headings(fields=2))
    with django_assert_max_num_queries(8):
        page = staff_client.get(preview_url(world) + "?seite=2").content.decode()
    assert 'id="zeile-10"' in page and 'id="zeile-9"' not in page and 'id="zeile-20"' not in page
    assert 'aria-current="page">2<' in page
    # the tree shows the whole document on every page
    assert "Handlungsfeld</span> Arbeit und Ausbildung" in page
