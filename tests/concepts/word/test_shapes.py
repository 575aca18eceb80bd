"""The five document shapes import into the right trees with the default roles (issue 18,
points 1, 2, 4, 6): each goes .docx → lines → roles → exchange document → the exchange import."""

from concepts.exchange.export import edition_export
from concepts.models import Edition, Measure
from concepts.word.document import import_word
from concepts.word.reader import read_docx
from concepts.word.roles import propose
from tests.concepts.word import shapes
from tests.concepts.word.tree import edition_tree
from tests.libreoffice import needs_libreoffice


def imported(world, raw, **titles):
    document = read_docx(raw)
    roles = propose(document.lines)
    edition = import_word(
        municipality=world.town,
        lines=document.lines,
        roles=roles,
        user=world.users["staff"],
        doc_title=document.title,
        **titles,
    )
    return document, edition


def test_numbered_headings_with_goals_as_paragraphs(world):
    document, edition = imported(world, shapes.numbered_headings(fields=2))
    assert edition.status == Edition.Status.DRAFT
    assert edition.concept.title == "Integrationskonzept der Stadt Musterstadt 2025"
    assert edition.year == 2025
    tree = edition_tree(edition)
    assert tree["chapters"] == ["Einleitung", "Handlungsfelder", "Umsetzung und Controlling"]
    assert tree["vision"] == "Leitbild"
    assert tree["principles"] == ["Vielfalt ist unsere Stärke.", "Teilhabe gilt für alle."]
    assert [f["title"] for f in tree["fields"]] == ["Sprache und Bildung", "Arbeit und Ausbildung"]
    first = tree["fields"][0]
    assert first["goals"] == [
        (
            "Leitziel 1 im Feld Sprache und Bildung wird erreicht.",
            [
                "Handlungsziel 1.1 in Sprache und Bildung.",
                "Handlungsziel 1.2 in Sprache und Bildung.",
            ],
        ),
        (
            "Leitziel 2 im Feld Sprache und Bildung wird erreicht.",
            [
                "Handlungsziel 2.1 in Sprache und Bildung.",
                "Handlungsziel 2.2 in Sprache und Bildung.",
            ],
        ),
    ]
    assert first["measures"] == [f"Projekt {n} im Feld Sprache und Bildung" for n in (1, 2, 3)]
    data = edition_export(edition)
    # formatting survives as Markdown; the tracked change is read accepted
    intro = data["chapters"][0]["body"]
    assert "**gemeinsam**" in intro and "*entstanden*" in intro
    assert "[musterstadt.de](https://www.musterstadt.de/integration)" in intro
    assert "über 200 Menschen." in intro and "viele Menschen" not in intro
    assert "Datum prüfen" not in str(data)  # the comment is not read
    field = data["fields_of_action"][0]
    assert "Die Lage ist gut" in field["description"]
    assert field["measures"][2]["description"] == "Die Maßnahmen werden jährlich überprüft."
    assert any("nachverfolgte Änderungen" in note for note in document.notes)
    assert any("Kommentare" in note for note in document.notes)


def test_goals_in_tables(world):
    document, edition = imported(world, shapes.goals_in_tables())
    tree = edition_tree(edition)
    assert tree["chapters"] == ["Vorwort", "Ausblick"]
    assert [f["title"] for f in tree["fields"]] == ["Sprache", "Arbeit"]
    assert tree["fields"][0]["goals"] == [
        ("Alle sprechen Deutsch.", ["Mehr Sprachkurse gibt es.", "Kitas fördern Sprache."]),
        ("Mehrsprachigkeit wird geschätzt.", ["Herkunftssprachen werden unterrichtet."]),
    ]
    assert tree["fields"][0]["measures"] == [
        "Sprachcafé im Stadtteil",
        "Elternkurse an Grundschulen",
    ]
    assert tree["fields"][1]["goals"] == [("Alle finden Arbeit.", ["Anerkennung geht schneller."])]
    assert document.notes == ["1 Bild wurde übersprungen; Bilder werden nicht übernommen."]


def test_measures_as_a_table_per_field_also_over_a_page_break(world):
    _document, edition = imported(world, shapes.measure_tables())
    tree = edition_tree(edition)
    assert edition.single_goal_level is True
    assert [f["title"] for f in tree["fields"]] == ["Bildung", "Wohnen"]
    assert tree["fields"][0]["goals"] == [
        (None, ["Bildung: erstes Ziel"]),
        (None, ["Bildung: zweites Ziel"]),
    ]
    assert tree["fields"][0]["measures"] == [
        "Lernpaten Bildung",
        "Beratung Bildung",
        "Hausaufgabenhilfe",  # the table continued after the page break
    ]
    measures = list(Measure.objects.for_edition(edition).order_by("field_of_action", "position"))
    lernpaten, beratung, hausaufgaben = measures[:3]
    assert (lernpaten.status, str(lernpaten.starts_on), str(lernpaten.ends_on)) == (
        "running",
        "2024-01-01",
        "2026-12-31",
    )
    assert sorted(a.name for a in lernpaten.actors.all()) == ["Caritas", "Stadt"]
    assert "Zahl der Paten" in lernpaten.description
    assert (beratung.status, str(beratung.starts_on), beratung.ends_on) == (
        "planned",
        "2025-01-01",
        None,
    )
    assert (hausaufgaben.status, str(hausaufgaben.starts_on), str(hausaufgaben.ends_on)) == (
        "completed",
        "2024-03-01",
        "2025-12-31",
    )


def test_an_unnumbered_concept_with_keywords_only(world):
    _document, edition = imported(world, shapes.keywords_only())
    tree = edition_tree(edition)
    assert tree["chapters"] == ["Vorwort"]  # "Handlungsfelder" only brackets the fields
    assert [f["title"] for f in tree["fields"]] == ["Zusammenleben", "Gesundheit"]
    assert tree["fields"][1]["goals"] == [
        (
            "Das Gesundheit gelingt.",
            ["Mehr Begegnung im Feld Gesundheit", "Bessere Information im Feld Gesundheit"],
        )
    ]
    assert tree["fields"][1]["measures"] == ["Begegnungsfest Gesundheit"]
    measure = Measure.objects.for_edition(edition).get(title="Begegnungsfest Gesundheit")
    assert measure.description == (
        "Einmal im Jahr auf dem Marktplatz.\n\n**Indikator:** Zahl der Gäste"
    )


@needs_libreoffice
def test_a_document_saved_by_libreoffice_from_odt(world):
    _document, edition = imported(world, shapes.libreoffice(), concept_title="Beispielkreis")
    tree = edition_tree(edition)
    assert edition.concept.title == "Beispielkreis"
    assert tree["chapters"] == ["Einleitung"]
    assert tree["fields"] == [
        {
            "title": "Sprache",
            "sub_themes": [],
            "goals": [
                (
                    "Alle verstehen einander.",
                    ["Sprachkurse sind erreichbar.", "Dolmetscher stehen bereit."],
                )
            ],
            "measures": ["Dolmetscherpool"],
        },
        {
            "title": "Arbeit",
            "sub_themes": [],
            "goals": [("Alle finden Arbeit.", ["Betriebe bilden aus."])],
            "measures": [],
        },
    ]


def test_footnotes_become_notes_in_markdown():
    from concepts.word.document import exchange_document

    document = read_docx(shapes.with_footnote())
    line = document.lines[1]
    assert line.text == "Jede dritte Familie sucht eine Wohnung.[^1]"
    assert line.footnotes == ["Quelle: Zensus 2022."]
    data = exchange_document(document.lines, propose(document.lines)).data
    assert data["fields_of_action"][0]["description"] == (
        "Jede dritte Familie sucht eine Wohnung.[^1]\n\n[^1]: Quelle: Zensus 2022."
    )


def test_word_automatic_numbering_is_counted_as_word_shows_it():
    from concepts.word.roles import pattern_of

    document = read_docx(shapes.auto_numbered_headings())
    headings = [(line.number, line.text) for line in document.lines if line.kind == "heading"]
    assert headings == [
        ("1.", "Einleitung"),
        ("2.", "Handlungsfelder"),
        ("2.1", "Sprache"),
        ("2.2", "Arbeit"),
    ]
    assert pattern_of(document.lines[3]) == "N.N"
    roles = propose(document.lines)
    assert roles == [
        "chapter",
        "text",
        "skip",
        "field",
        "strategic_goal",
        "field",
        "strategic_goal",
    ]
    # list numbering of "List Number" continues over the document, as in Word
    lines = read_docx(shapes.measure_tables()).lines
    assert [line.number for line in lines if line.style == "List Number"] == [
        "1.",
        "2.",
        "3.",
        "4.",
    ]
