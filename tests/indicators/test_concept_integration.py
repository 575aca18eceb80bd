"""The indicators app plugged into the concept: counts on the tree and gap view, and copies
with a Fortschreibung (wired in IndicatorsConfig.ready)."""

from django.urls import reverse

from concepts.models import Edition
from concepts.services.editions import edition_copy
from indicators.models import Indicator
from tests.factories import OperationalGoalFactory


def test_tree_shows_the_real_indicator_count_of_a_goal(world, staff_client):
    url = reverse("concepts:tree", args=[world.town.slug, world.edition.pk])
    text = staff_client.get(url).content.decode()
    assert "Indikatoren: –" not in text
    assert "· Indikatoren: 1 · Maßnahmen" in text
    assert "sobald das Indikatoren-Modul eingerichtet ist" not in text


def test_gap_view_lists_goals_without_indicator(world, staff_client):
    lonely = OperationalGoalFactory(
        strategic_goal__field_of_action=world.field, title="Ziel ohne Kennzahl"
    )
    url = reverse("concepts:gaps", args=[world.town.slug, world.edition.pk])
    text = staff_client.get(url).content.decode()
    assert "Ziel ohne Kennzahl" in text
    assert lonely.title in text
    assert "Indikatoren werden hier gezählt, sobald" not in text


def test_fortschreibung_copies_indicators_that_continue_the_series(world):
    world.edition.status = Edition.Status.ADOPTED
    world.edition.adopted_on = world.edition.created.date()
    world.edition.save()
    draft = edition_copy(
        source=world.edition, user=world.users["staff"], title="2. Fortschreibung", year=2027
    )
    copy = Indicator.objects.for_edition(draft).get()
    assert copy.continues == world.indicator
    assert copy.operational_goal.field_of_action.edition == draft


def test_concept_pdf_lists_each_goals_indicators(world, tmp_path):
    import shutil
    import subprocess

    import pytest

    from concepts.document import concept_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils fehlt")
    path = tmp_path / "konzept.pdf"
    path.write_bytes(concept_pdf(world.edition))
    text = subprocess.run(
        ["pdftotext", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kita-Besuchsquote" in text
    assert "Ausgangswert" in text and "Zielwert" in text
    before = path.read_bytes()
    world.indicator.name = "Kita-Besuchsquote unter 6-Jähriger"
    world.indicator.save()
    assert concept_pdf(world.edition) != before  # the fingerprint follows the indicators


def test_exchange_format_carries_indicators_and_values_byte_identically(world):
    import json

    from concepts.exchange.export import dumps, edition_export
    from concepts.exchange.load import edition_import

    first = dumps(edition_export(world.edition))
    section = json.loads(first)["extensions"]["indicators"]
    assert [i["name"] for i in section] == ["Kita-Besuchsquote"]
    assert len(section[0]["measurements"]) == 1
    imported = edition_import(municipality=world.town, data=json.loads(first))
    copy = Indicator.objects.for_edition(imported).get()
    assert copy.measurements.count() == 1
    assert dumps(edition_export(imported)) == first


def test_exchange_import_with_an_unknown_goal_names_the_path_and_imports_nothing(world):
    import json

    import pytest

    from concepts.exchange import ImportProblems
    from concepts.exchange.export import dumps, edition_export
    from concepts.exchange.load import edition_import

    data = json.loads(dumps(edition_export(world.edition)))
    data["extensions"]["indicators"][0]["goal"] = "HF9-HZ9"
    editions_before = Edition.objects.count()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=data)
    assert ("$.extensions.indicators[0].goal", "„HF9-HZ9“ ist kein Leit- oder Handlungsziel.") in (
        caught.value.problems
    )
    assert Edition.objects.count() == editions_before


def test_edition_comparison_lists_changed_and_added_indicators(world, staff_client):
    from concepts.services.compare import compare_editions
    from tests.factories import IndicatorFactory

    world.edition.status = Edition.Status.ADOPTED
    world.edition.adopted_on = world.edition.created.date()
    world.edition.save()
    draft = edition_copy(
        source=world.edition, user=world.users["staff"], title="2. Fortschreibung", year=2027
    )
    copy = Indicator.objects.for_edition(draft).get()
    copy.target_value = 35
    copy.save()
    IndicatorFactory(operational_goal=copy.operational_goal, name="Neue Kennzahl", code="NEU")
    result = {r.section.key: r for r in compare_editions(world.edition, draft)}["indikatoren"]
    assert [i.name for i in result.added] == ["Neue Kennzahl"]
    assert result.removed == []
    [(old, new, changes)] = result.changed
    assert old == world.indicator and new == copy
    assert [c.label for c in changes] == ["Zielwert"]
    url = reverse("concepts:edition_compare", args=[world.town.slug, draft.pk])
    text = staff_client.get(url, {"mit": world.edition.pk}).content.decode()
    assert "Indikatoren" in text and "Neue Kennzahl" in text
