"""A small concept with responsible people, indicators and values, for the controlling cycle."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from concepts.models import Milestone
from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement
from tests import factories

ANNA = "anna.schmidt@kita-rheine.example"
BERND = "Bernd.Vogel@jobcenter-rheine.example"
REFERENCE_DATE = datetime.date(2024, 12, 31)


def add_indicator(goal, **fields):
    indicator = Indicator(operational_goal=goal, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


def add_value(indicator, year, value, breakdown="", **fields):
    period = year_period(year)
    return Measurement.objects.create(
        indicator=indicator,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        breakdown=breakdown,
        value=Decimal(str(value)),
        **fields,
    )


def build_controlling(edition):
    field = factories.FieldOfActionFactory(
        edition=edition, title="Frühkindliche Bildung und Schule", position=1
    )
    goal = factories.StrategicGoalFactory(
        field_of_action=field, title="Alle Kinder starten mit guten Chancen in die Schule."
    )
    operational = factories.OperationalGoalFactory(
        field_of_action=field,
        strategic_goal=goal,
        title="Mehr Kinder mit Migrationshintergrund besuchen eine Kita.",
    )
    work = factories.FieldOfActionFactory(
        edition=edition, title="Arbeit und Ausbildung", position=2
    )
    work_goal = factories.StrategicGoalFactory(field_of_action=work, title="Erwerbsarbeit sichern.")
    work_operational = factories.OperationalGoalFactory(
        field_of_action=work, strategic_goal=work_goal, title="Die SGB-II-Quote sinkt."
    )
    kita_measure = factories.MeasureFactory(
        field_of_action=field,
        title="Elterncafés in Kitas",
        status="running",
        responsible_person="Anna Schmidt",
        responsible_email=ANNA,
    )
    milestone = Milestone.objects.create(measure=kita_measure, title="Drei Kitas gewonnen")
    job_measure = factories.MeasureFactory(
        field_of_action=work,
        title="Jobbegleitung für Geflüchtete",
        status="planned",
        responsible_person="Bernd Vogel",
        responsible_email=BERND,
    )
    orphan_measure = factories.MeasureFactory(
        field_of_action=work, title="Messe ohne Verantwortliche", status="idea"
    )
    kita = add_indicator(
        operational,
        code="KITA",
        name="Kita-Besuchsquote unter 6-Jähriger mit Migrationshintergrund",
        unit=Indicator.Unit.PERCENT,
        source="Jugendamt",
        baseline_value=Decimal("61.0"),
        baseline_date=datetime.date(2019, 12, 31),
        target_value=Decimal("80"),
        target_year=2027,
        responsible_person="Anna Schmidt",
        responsible_email=ANNA.upper(),
    )
    for year, value in [(2019, 61.0), (2020, 63.4), (2021, 65.2), (2022, 67.9), (2023, 69.1)]:
        add_value(kita, year, value)
    sgb = add_indicator(
        work_operational,
        code="SGB2",
        name="SGB-II-Quote nach Staatsangehörigkeit",
        unit=Indicator.Unit.PERCENT,
        direction=Indicator.Direction.LOWER_IS_BETTER,
        source="Bundesagentur für Arbeit",
        baseline_value=Decimal("24.0"),
        baseline_date=datetime.date(2019, 12, 31),
        target_value=Decimal("18"),
        target_year=2028,
        responsible_person="Bernd Vogel",
        responsible_email=BERND,
        breakdowns="Staatsangehörigkeit",
    )
    for year, value in [(2019, 24.0), (2020, 23.1), (2021, 22.8), (2022, 22.0), (2023, 21.3)]:
        add_value(sgb, year, value)
        add_value(sgb, year, value + 5, breakdown="Staatsangehörigkeit: nichtdeutsch")
    hours = add_indicator(
        work_operational,
        code="IK-STD",
        name="Teilnahmestunden in Integrationskursen",
        unit=Indicator.Unit.OTHER,
        unit_other="Tsd. Stunden",
        source="BAMF",
    )
    for year, value in [(2021, 980.0), (2022, 1102.25), (2023, 1234.5)]:
        add_value(hours, year, value, is_approximate=(year == 2023))
    return SimpleNamespace(
        edition=edition,
        hours=hours,
        field=field,
        work=work,
        kita_measure=kita_measure,
        milestone=milestone,
        job_measure=job_measure,
        orphan_measure=orphan_measure,
        kita=kita,
        sgb=sgb,
    )


@pytest.fixture
def controlling(world):
    # A newer edition of its own: the indicator tests' `world` already has indicators in
    # world.edition, and the report's counts should show only this concept's.
    edition = factories.EditionFactory(
        concept=world.edition.concept, title="2. Fortschreibung", year=world.edition.year + 1
    )
    return build_controlling(edition)


@pytest.fixture
def started_round(world, controlling, mailoutbox):
    from indicators.rounds.services import round_start

    round_ = round_start(
        edition=controlling.edition,
        title="Controllingbericht 2024",
        reference_date=REFERENCE_DATE,
        deadline=datetime.date.today() + datetime.timedelta(days=21),
        user=world.users["staff"],
    )
    tasks = {task.email: task for task in round_.tasks.all()}
    return SimpleNamespace(
        round=round_, anna=tasks[ANNA.lower()], bernd=tasks[BERND.lower()], **vars(controlling)
    )


@pytest.fixture
def round_world(world, started_round):
    """The permission table's world with a round, its tasks and one valid token."""
    world.round = started_round.round
    world.task = started_round.anna
    world.token = started_round.anna.make_token()
    return world
