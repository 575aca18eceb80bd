"""Every factory of the tests, one per model, and `build_concept` for whole concepts.

Factories make single objects with plausible German content (`MeasureFactory(...)`);
`build_concept` fills an edition with a complete concept of any size in bulk inserts, after a
recipe (`PLAIN`, `DOCUMENT`, `TREE`) that says which words and which parts it uses.
`build_world` is the role world of tests/conftest.py (fixture `world`), which each app's
conftest extends.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from concepts import models
from concepts.models import Membership
from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement
from participation import models as participation_models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("geheim-und-lang-2026")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    ags = "05566076"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = models.Membership.Role.STAFF


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Concept

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.LazyAttribute(lambda c: f"Integrationskonzept {c.municipality.name}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Edition

    concept = factory.SubFactory(ConceptFactory)
    title = "1. Fortschreibung"
    year = 2026
    status = models.Edition.Status.DRAFT


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Actor

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Träger {n} e. V.")
    kind = models.Actor.Kind.WELFARE


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Chapter

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Kapitel {n}")
    position = factory.Sequence(lambda n: n + 1)
    body = "Erster Absatz.\n\nZweiter Absatz."


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FieldOfAction

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    position = factory.Sequence(lambda n: n + 1)


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StrategicGoal

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Leitziel {n}")
    position = factory.Sequence(lambda n: n + 1)


class OperationalGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OperationalGoal

    strategic_goal = factory.SubFactory(StrategicGoalFactory)
    field_of_action = factory.LazyAttribute(lambda g: g.strategic_goal.field_of_action)
    title = factory.Sequence(lambda n: f"Handlungsziel {n}")
    position = factory.Sequence(lambda n: n + 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Measure

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Beschreibung der Maßnahme."
    position = factory.Sequence(lambda n: n + 1)
    status = models.Measure.Status.PLANNED


# The concept's remaining elements


class CrossCuttingThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CrossCuttingTheme

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Querschnittsthema {n}")
    position = factory.Sequence(lambda n: n + 1)


class SubThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SubTheme

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Unterthema {n}")
    position = factory.Sequence(lambda n: n + 1)


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Vision

    edition = factory.SubFactory(EditionFactory)
    title = "Leitbild"
    motto = "Es ist normal, verschieden zu sein."


class GuidingPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuidingPrinciple

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Leitsatz {n}")
    position = factory.Sequence(lambda n: n + 1)


class MeasureActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeasureActor

    measure = factory.SubFactory(MeasureFactory)
    actor = factory.SubFactory(
        ActorFactory,
        municipality=factory.LazyAttribute(
            lambda a: a.factory_parent.measure.field_of_action.edition.concept.municipality
        ),
    )
    role = models.MeasureActor.Role.LEAD


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Milestone

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Umsetzungsmarker {n}")
    due_on = datetime.date(2030, 6, 30)
    position = factory.Sequence(lambda n: n + 1)


# Indicators


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    operational_goal = factory.SubFactory(OperationalGoalFactory)
    field_of_action = factory.LazyAttribute(lambda i: i.operational_goal.field_of_action)
    code = factory.Sequence(lambda n: f"IND-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = Indicator.Unit.PERCENT
    baseline_value = Decimal("10")
    baseline_date = datetime.date(2020, 12, 31)
    target_value = Decimal("20")
    target_year = 2030
    direction = Indicator.Direction.HIGHER_IS_BETTER
    position = factory.Sequence(lambda n: n + 1)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    class Params:
        year = 2024

    indicator = factory.SubFactory(IndicatorFactory)
    period_kind = Measurement.PeriodKind.YEAR
    period_start = factory.LazyAttribute(lambda m: year_period(m.year).start)
    period_end = factory.LazyAttribute(lambda m: year_period(m.year).end)
    period_label = factory.LazyAttribute(lambda m: str(m.year))
    value = Decimal("12.5")


# Participation: actors' people, groups, meetings


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.ContactPerson

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    function = "Fachdienstleitung"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.WorkingGroup

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"AG {n}")
    kind = participation_models.WorkingGroup.Kind.WORKING_GROUP


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.GroupMembership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = participation_models.GroupMembership.Role.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.Meeting

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Treffen {n}")
    kind = participation_models.Meeting.Kind.GROUP_SESSION
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    place = "Rathaus, Raum 101"


# The council path


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.Committee

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Ausschuss {n}")
    kind = participation_models.Committee.Kind.COMMITTEE


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    person_name = factory.Sequence(lambda n: f"Ratsmitglied {n}")


class CommitteeMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.CommitteeMeeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2017, 5, 9, 17, 0))
    )
    location = "Rathaus, Ratssaal"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.Paper

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: f"BV/{n + 1:04d}/2017")
    date = datetime.date(2017, 4, 20)
    author_office = "Stabsstelle Asyl und Integration"
    subject = "Integrationskonzept der Stadt Rheine – 2. Fortschreibung"
    proposal_points = factory.LazyFunction(
        lambda: ["Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts."]
    )
    signature = "Der Bürgermeister"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.Consultation

    paper = factory.SubFactory(PaperFactory)
    committee = factory.SubFactory(
        CommitteeFactory, municipality=factory.SelfAttribute("..paper.municipality")
    )
    meeting = factory.SubFactory(
        CommitteeMeetingFactory, committee=factory.SelfAttribute("..committee")
    )
    role = participation_models.Consultation.Role.PRELIMINARY
    position = factory.Sequence(lambda n: n + 1)


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = participation_models.Amendment

    consultation = factory.SubFactory(ConsultationFactory)
    proposer = "Fraktion Bündnis 90/Die Grünen"
    text = "In Punkt 1 wird „bis 2020“ durch „bis 2019“ ersetzt."


# Whole concepts


@dataclass(frozen=True)
class Recipe:
    """What `build_concept` writes besides the tree: the words, the Träger and their roles, the
    values of each measure, and which of the concept's other parts it adds. Templates are
    filled with f (field), s (Leitziel), o (Handlungsziel), m (measure in its Handlungsziel),
    position (measure in its field) and edition (the edition's key)."""

    field_title: str = "Handlungsfeld {f}"
    field_short_title: str = ""
    strategic_title: str = "Leitziel {f}.{s}"
    operational_title: str = "Handlungsziel {f}.{s}.{o}"
    measure_title: str = "Maßnahme {f}.{s}.{o}.{m}"
    measure_description: str = "Beschreibung der Maßnahme."
    # Every n-th measure of a Handlungsziel has no title, only its sentence (0: none).
    untitled_every: int = 0
    # Cycled over the measures, like the Träger.
    statuses: tuple = (models.Measure.Status.RUNNING,)
    measure_values: dict = field(default_factory=dict)
    # Measure i gets actors[(i + k) % len(actors)] in roles[k].
    actors: tuple = ("Caritasverband", "Volkshochschule")
    roles: tuple = (models.MeasureActor.Role.LEAD, models.MeasureActor.Role.PARTNER)
    # The first theme tags every field; measure i is tagged with themes[measure_themes[i % n]].
    themes: tuple = ()
    measure_themes: tuple = ()
    # In the first `also_serves` fields (None: all) the first Handlungsziel also serves the
    # field's second Leitziel.
    also_serves: int | None = 1
    # One measure per field without any goal.
    loose_measures: bool = False
    # The parts around the tree; None or empty leaves a part out.
    vision: tuple | None = None  # (title, motto, text)
    principles: tuple = ()
    preface: tuple | None = None  # (title, body)
    field_chapter_body: str | None = None
    core_statement: str | None = None  # the field's Kernaussage
    sub_themes: str | None = None  # one per field, the title of its Leitziele's Unterthema
    milestones: tuple = ()  # (title, due_on) per measure


# A small complete concept: every kind of element once per field (the editions' tests).
PLAIN = Recipe(
    field_short_title="HF{f}",
    measure_values={
        "starts_on": datetime.date(2026, 1, 1),
        "staff_fte": Decimal("0.50"),
        "material_costs": Decimal("1200.00"),
        "funding": "Landesmittel",
    },
    themes=("Thema 1", "Thema 2"),
    measure_themes=(1,),
    vision=("Leitbild", "Vielfalt leben", "Text"),
    principles=("Leitsatz 1", "Leitsatz 2", "Leitsatz 3"),
    preface=("Vorwort", "Vorwort."),
    field_chapter_body="",
    core_statement="Kernaussage",
    sub_themes="Unterthema {f}",
    milestones=(
        ("Schritt 1", datetime.date(2026, 6, 1)),
        ("Schritt 2", datetime.date(2026, 6, 2)),
    ),
)

# Everything the concept document prints, in words a reader would find (the PDF's tests).
DOCUMENT = Recipe(
    field_title="Handlungsfeld Nummer {f}",
    strategic_title="Leitziel {f}-{s} des Konzepts",
    operational_title="Handlungsziel {f}-{s}-{o} prüfbar",
    measure_title="Maßnahme {f}-{position}",
    statuses=(models.Measure.Status.PLANNED,),
    measure_values={
        "origin": models.Measure.Origin.NEW,
        "staff_fte": Decimal("0.5"),
        "material_costs": Decimal("18000"),
        "funding": "ESF Plus",
        "needs_council_decision": True,
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
    },
    actors=("Volkshochschule Rheine", "Caritasverband Rheine e. V.", "Jobcenter Kreis Steinfurt"),
    roles=(
        models.MeasureActor.Role.LEAD,
        models.MeasureActor.Role.PARTNER,
        models.MeasureActor.Role.FUNDER,
    ),
    also_serves=0,
    vision=(
        "Integrationsverständnis",
        "Rheine sagt Willkommen",
        "Integration ist **Aufgabe aller**.",
    ),
    principles=("Rheine sagt Willkommen", "Gemeinsame Werte"),
    preface=("Vorwort und Einführung", "Vorwort."),
    field_chapter_body="Ausgangslage im Feld {f}.",
    core_statement="Kernaussage {f}",
    milestones=(("Kursstandort eröffnet", None),),
)

# Only the tree, as varied as real concepts: every status, six Träger, three themes, untitled
# measures and measures without a goal (the tree, filter and public-page tests).
TREE = Recipe(
    measure_description="Die Maßnahme {f}.{s}.{o}.{m} wird von mehreren Trägern umgesetzt.",
    untitled_every=5,
    statuses=tuple(models.Measure.Status.values),
    actors=tuple(f"Träger {{edition}}-{n} e. V." for n in range(1, 7)),
    themes=("Querschnittsthema 1", "Querschnittsthema 2", "Querschnittsthema 3"),
    measure_themes=(0, 1, 2),
    also_serves=None,
    loose_measures=True,
)


@dataclass
class BuiltConcept:
    edition: models.Edition
    fields: list
    strategic: list
    operational: list
    measures: list
    actors: list
    themes: list


def build_concept(
    edition, *, fields=2, strategic=2, operational=2, measures=2, recipe=PLAIN
) -> BuiltConcept:
    """Fill `edition` with fields × Leitziele × Handlungsziele × measures per Handlungsziel,
    after `recipe`, in bulk inserts (no history rows: tests of history make their own)."""
    municipality = edition.concept.municipality
    bulk = lambda model, objs: model.objects.bulk_create(list(objs), batch_size=500)  # noqa: E731
    if recipe.vision:
        title, motto, text = recipe.vision
        models.Vision.objects.update_or_create(
            edition=edition, defaults={"title": title, "motto": motto, "text": text}
        )
    bulk(
        models.GuidingPrinciple,
        (
            models.GuidingPrinciple(edition=edition, position=n, title=title)
            for n, title in enumerate(recipe.principles, start=1)
        ),
    )
    if recipe.preface:
        title, body = recipe.preface
        models.Chapter.objects.create(edition=edition, part="A", position=1, title=title, body=body)
    themes = bulk(
        models.CrossCuttingTheme,
        (
            models.CrossCuttingTheme(edition=edition, position=n, title=title)
            for n, title in enumerate(recipe.themes, start=1)
        ),
    )
    actors = [
        models.Actor.objects.get_or_create(
            municipality=municipality, name=name.format(edition=edition.pk)
        )[0]
        for name in recipe.actors
    ]
    field_objs = bulk(
        models.FieldOfAction,
        (
            models.FieldOfAction(
                edition=edition,
                position=f,
                title=recipe.field_title.format(f=f),
                short_title=recipe.field_short_title.format(f=f),
            )
            for f in range(1, fields + 1)
        ),
    )
    if themes:
        through = models.FieldOfAction.themes.through
        bulk(
            through,
            (
                through(fieldofaction_id=fo.pk, crosscuttingtheme_id=themes[0].pk)
                for fo in field_objs
            ),
        )
    subs = {}
    if recipe.sub_themes is not None:
        subs = {
            s.field_of_action_id: s
            for s in bulk(
                models.SubTheme,
                (
                    models.SubTheme(
                        field_of_action=fo,
                        position=1,
                        title=recipe.sub_themes.format(f=fo.position),
                    )
                    for fo in field_objs
                ),
            )
        }
    if recipe.field_chapter_body is not None:
        bulk(
            models.Chapter,
            (
                models.Chapter(
                    edition=edition,
                    part="B",
                    position=fo.position,
                    title=fo.title,
                    field_of_action=fo,
                    body=recipe.field_chapter_body.format(f=fo.position),
                )
                for fo in field_objs
            ),
        )
    if recipe.core_statement is not None:
        bulk(
            models.GuidingPrinciple,
            (
                models.GuidingPrinciple(
                    edition=edition,
                    field_of_action=fo,
                    position=1,
                    title=recipe.core_statement.format(f=fo.position),
                )
                for fo in field_objs
            ),
        )
    sg_objs = bulk(
        models.StrategicGoal,
        (
            models.StrategicGoal(
                field_of_action=fo,
                sub_theme=subs.get(fo.pk),
                position=s,
                title=recipe.strategic_title.format(f=fo.position, s=s),
            )
            for fo in field_objs
            for s in range(1, strategic + 1)
        ),
    )
    field_of = {fo.pk: fo for fo in field_objs}
    og_objs = bulk(
        models.OperationalGoal,
        (
            models.OperationalGoal(
                field_of_action_id=sg.field_of_action_id,
                strategic_goal=sg,
                position=o,
                title=recipe.operational_title.format(
                    f=field_of[sg.field_of_action_id].position, s=sg.position, o=o
                ),
            )
            for sg in sg_objs
            for o in range(1, operational + 1)
        ),
    )
    if recipe.also_serves != 0 and strategic > 1:
        through = models.OperationalGoal.also_serves.through
        sharing = field_objs[: recipe.also_serves]
        firsts = [
            og
            for og in og_objs
            if og.position == 1
            and og.strategic_goal.position == 1
            and og.strategic_goal.field_of_action in sharing
        ]
        seconds = {sg.field_of_action_id: sg for sg in sg_objs if sg.position == 2}
        bulk(
            through,
            (
                through(
                    operationalgoal_id=og.pk, strategicgoal_id=seconds[og.field_of_action_id].pk
                )
                for og in firsts
            ),
        )
    statuses = itertools.cycle(recipe.statuses)
    measure_objs, goals, in_field = [], [], {}
    for og in og_objs:
        fo, sg = field_of[og.field_of_action_id], og.strategic_goal
        for m in range(1, measures + 1):
            position = in_field[fo.pk] = in_field.get(fo.pk, 0) + 1
            words = {"f": fo.position, "s": sg.position, "o": og.position, "m": m}
            untitled = recipe.untitled_every and m % recipe.untitled_every == 0
            measure_objs.append(
                models.Measure(
                    field_of_action_id=fo.pk,
                    position=position,
                    title=""
                    if untitled
                    else recipe.measure_title.format(**words, position=position),
                    description=recipe.measure_description.format(**words),
                    status=next(statuses),
                    **recipe.measure_values,
                )
            )
            goals.append(og)
    measure_objs = bulk(models.Measure, measure_objs)
    through = models.Measure.operational_goals.through
    bulk(
        through,
        (
            through(measure_id=m.pk, operationalgoal_id=og.pk)
            for m, og in zip(measure_objs, goals, strict=True)
        ),
    )
    if themes and recipe.measure_themes:
        through = models.Measure.themes.through
        tags = recipe.measure_themes
        bulk(
            through,
            (
                through(measure_id=m.pk, crosscuttingtheme_id=themes[tags[i % len(tags)]].pk)
                for i, m in enumerate(measure_objs)
            ),
        )
    bulk(
        models.MeasureActor,
        (
            models.MeasureActor(measure=m, actor=actors[(i + k) % len(actors)], role=role)
            for i, m in enumerate(measure_objs)
            for k, role in enumerate(recipe.roles)
        ),
    )
    bulk(
        models.Milestone,
        (
            models.Milestone(measure=m, position=n, title=title, due_on=due_on)
            for m in measure_objs
            for n, (title, due_on) in enumerate(recipe.milestones, start=1)
        ),
    )
    if recipe.loose_measures:
        measure_objs += bulk(
            models.Measure,
            (
                models.Measure(
                    field_of_action=fo, position=1000 + fo.position, title=f"Freie Maßnahme {fo.pk}"
                )
                for fo in field_objs
            ),
        )
    return BuiltConcept(
        edition=edition,
        fields=field_objs,
        strategic=sg_objs,
        operational=og_objs,
        measures=measure_objs,
        actors=actors,
        themes=themes,
    )


# The role world


def role_users(prefix=""):
    """A person for each role: staff, member, council, outsider (a role only in another town)
    and superuser; usernames stab, mitglied, rat, fremd, admin after `prefix`."""
    names = {"staff": "stab", "member": "mitglied", "council": "rat", "outsider": "fremd"}
    users = {role: UserFactory(username=prefix + name) for role, name in names.items()}
    users["superuser"] = UserFactory(username=prefix + "admin", is_staff=True, is_superuser=True)
    return users


def grant_roles(users, town, other_town):
    """Staff, member and council of `town`; the outsider is staff of `other_town` only."""
    for role in ("staff", "member", "council"):
        MembershipFactory(user=users[role], municipality=town, role=role)
    MembershipFactory(user=users["outsider"], municipality=other_town, role=Membership.Role.STAFF)


def build_world():
    """One town with a draft edition and a person in each role, plus a person who has a role
    only in another town ("outsider") and a superuser (fixture `world`)."""
    town = MunicipalityFactory(name="Rheine", slug="rheine")
    other_town = MunicipalityFactory(name="Emmerich am Rhein", slug="emmerich")
    users = role_users()
    grant_roles(users, town, other_town)
    return SimpleNamespace(
        town=town,
        other_town=other_town,
        users=users,
        edition=EditionFactory(concept__municipality=town),
        other_edition=EditionFactory(concept__municipality=other_town),
    )
