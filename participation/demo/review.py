# ruff: noqa: E501 - German demo prose reads better unwrapped
"""Demo data of the review (Prüfrunden): an open round on the draft chapter "Sprachförderung"
for the AG Sprache und Bildung (which the demo "mitglied" belongs to), with comments, replies
and answers, and a closed round on "Strukturen und Netzwerke" whose accepted comments changed
the chapter afterwards.

Called by the lead's load_demo as `load(town, stdout)`; idempotent: skips when the town has
review rounds already. Objects are created directly (not through the services) so that loading
the demo sends no e-mails.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from concepts.models import Actor, Chapter, Edition, Membership
from participation.models import Comment, GroupMembership, ReviewRound, WorkingGroup

GROUP_NAME = "AG Sprache und Bildung"
STEERING_NAME = "Steuerungsgruppe Integration"

SPRACHE_DRAFT = """Deutschkenntnisse sind der Schlüssel zu Bildung, Arbeit und gesellschaftlicher Teilhabe. In Rheine gibt es ein breites, aber für Neuzugewanderte oft unübersichtliches Angebot an Integrations-, Berufssprach- und ehrenamtlichen Kursen.

Die Arbeitsgruppe Sprache und Bildung hat im Jahr 2016 in drei Sitzungen die Ausgangslage beschrieben. Die Wartezeit auf einen Integrationskurs lag im Herbst 2016 bei bis zu sechs Monaten; Eltern kleiner Kinder konnten Kurse ohne Kinderbetreuung häufig nicht besuchen.

**Leitziel:** Alle Zugewanderten haben Zugang zu einem Sprachangebot, das zu ihrer Lebenslage passt.

Die Volkshochschule richtet zusätzliche Integrationskurse mit paralleler Kinderbetreuung im Familienzentrum ein. Ziel ist, dass niemand länger als drei Monate auf einen Kursplatz wartet.

Eine zentrale, mehrsprachige Übersicht aller Kurse (Sprachkursbörse) wird online gestellt und in Papierform in der Fachstelle, im Jobcenter und in den Beratungsstellen ausgelegt.

Ehrenamtliche Sprachcafés in den Stadtteilen ergänzen die Kurse. Die Integrationslotsen koordinieren die Ehrenamtlichen und bieten ihnen zweimal im Jahr eine Fortbildung an."""

STRUKTUREN_DRAFT = """Die Umsetzung des Konzepts begleitet eine **Steuerungsgruppe** aus Verwaltung, Wohlfahrtsverbänden, Jobcenter, Integrationsrat und Migrantenorganisationen. Sie tagt zweimal im Jahr.

Für jedes Handlungsfeld arbeitet ein Tandem aus Fachstelle und einer Expertin oder einem Experten des Feldes.

Einmal im Jahr lädt die Stadt zum Dialogforum „Migration und Integration“ ein."""

STRUKTUREN_AFTER = """Die Umsetzung des Konzepts begleitet eine **Steuerungsgruppe** aus Verwaltung, Wohlfahrtsverbänden, Jobcenter, Integrationsrat und Migrantenorganisationen. Sie tagt mindestens dreimal im Jahr; ihre Protokolle sind für alle Arbeitsgruppen einsehbar.

Für jedes Handlungsfeld arbeitet ein Tandem aus Fachstelle und einer Expertin oder einem Experten des Feldes.

Einmal im Jahr lädt die Stadt zum Dialogforum „Migration und Integration“ ein; Einladungen gehen auch in leichter Sprache und auf Arabisch, Türkisch und Englisch hinaus."""

# username, first, last, organisation, actor short name
DEMO_MEMBERS = [
    ("vhs-becker", "Claudia", "Becker", "Volkshochschule Rheine", "VHS"),
    ("lotsen-hamdan", "Rana", "Hamdan", "Integrationslotsen Rheine", "Integrationslotsen"),
    ("kita-schulte", "Petra", "Schulte", "Familienzentrum Kita Regenbogen", "Kita Regenbogen"),
    (
        "syr-alali",
        "Omar",
        "Al-Ali",
        "Verein der Syrischen Gemeinschaft Rheine",
        "Syrische Gemeinschaft",
    ),
]


def _member(town, username, first, last, organisation, actor, group):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@rheine.example"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(
        user=user,
        municipality=town,
        defaults={"role": Membership.Role.MEMBER, "organisation": organisation},
    )
    GroupMembership.objects.get_or_create(group=group, user=user, defaults={"actor": actor})
    return user


def _comment(round_, author, text, *, paragraph=None, parent=None, days_ago=0, **answer):
    if parent is not None:
        paragraph = parent.paragraph  # as review.services.comment_create does
    comment = Comment(
        round=round_, author=author, text=text, paragraph=paragraph, parent=parent, **answer
    )
    comment.full_clean()
    comment.save()
    comment.created = timezone.now() - datetime.timedelta(days=days_ago)
    if answer:
        comment.answered_at = comment.created + datetime.timedelta(days=1)
    comment.save()
    return comment


def _round(chapter, groups, staff, *, deadline, status=ReviewRound.Status.OPEN, days_ago=0):
    round_ = ReviewRound(
        chapter=chapter,
        title=chapter.title,
        text=chapter.body,
        deadline=deadline,
        opened_by=staff,
        status=status,
    )
    if status == ReviewRound.Status.CLOSED:
        round_.closed_at = timezone.now() - datetime.timedelta(days=days_ago // 2)
        round_.closed_by = staff
    round_.full_clean()
    round_.save()
    round_.created = timezone.now() - datetime.timedelta(days=days_ago)
    round_.save()
    round_.groups.set(groups)
    return round_


@transaction.atomic
def load(town, stdout=None):
    if ReviewRound.objects.for_municipality(town).exists():
        return
    edition = (
        Edition.objects.for_municipality(town).exclude(status__in=Edition.LOCKED_STATUSES).first()
    )
    staff_membership = Membership.objects.filter(
        municipality=town, role=Membership.Role.STAFF
    ).first()
    member = get_user_model().objects.filter(username="mitglied").first()
    if edition is None or staff_membership is None or member is None:
        return
    staff = staff_membership.user
    actors = {a.short_name: a for a in Actor.objects.for_municipality(town)}
    group, _ = WorkingGroup.objects.get_or_create(
        municipality=town, name=GROUP_NAME, defaults={"kind": WorkingGroup.Kind.WORKING_GROUP}
    )
    steering, _ = WorkingGroup.objects.get_or_create(
        municipality=town, name=STEERING_NAME, defaults={"kind": WorkingGroup.Kind.STEERING_GROUP}
    )
    GroupMembership.objects.get_or_create(
        group=group, user=member, defaults={"actor": actors.get("Caritas")}
    )
    GroupMembership.objects.get_or_create(
        group=steering, user=member, defaults={"actor": actors.get("Caritas")}
    )
    vhs, lotsen, kita, syr = (
        _member(town, u, f, last, org, actors.get(short), group)
        for u, f, last, org, short in DEMO_MEMBERS
    )
    GroupMembership.objects.get_or_create(
        group=steering, user=syr, defaults={"actor": actors.get("Syrische Gemeinschaft")}
    )

    today = timezone.localdate()
    sprache = Chapter.objects.filter(edition=edition, title="Sprachförderung").first()
    if sprache is not None:
        sprache.body = SPRACHE_DRAFT
        sprache.save()
        current = _round(
            sprache, [group], staff, deadline=today + datetime.timedelta(days=10), days_ago=6
        )
        c1 = _comment(
            current,
            member,
            "Die Wartezeit lag nach unseren Beratungszahlen eher bei **acht Monaten**. Bitte die Quelle der sechs Monate angeben.",
            paragraph=2,
            days_ago=5,
            disposition=Comment.Disposition.ACCEPTED,
            answer="Danke – wir übernehmen die Zahl aus der Trägerstatistik 2016 und nennen die Quelle.",
            answered_by=staff,
        )
        _comment(
            current,
            vhs,
            "Die acht Monate decken sich mit unserer Warteliste.",
            parent=c1,
            days_ago=4,
        )
        c2 = _comment(
            current,
            kita,
            "Kinderbetreuung bitte nicht nur im Familienzentrum: auch die Kita am Dorenkamp hat Räume angeboten.",
            paragraph=4,
            days_ago=4,
            disposition=Comment.Disposition.PARTLY_ACCEPTED,
            answer="Wir nennen den Dorenkamp als zweiten Standort ab 2018; die Finanzierung ist noch offen.",
            answered_by=staff,
        )
        _comment(
            current,
            member,
            "Die Caritas kann die Betreuung am Dorenkamp mitorganisieren.",
            parent=c2,
            days_ago=3,
        )
        _comment(
            current,
            syr,
            "Die Sprachkursbörse sollte auch auf **Arabisch** und Kurmandschi erscheinen.",
            paragraph=5,
            days_ago=3,
        )
        _comment(
            current,
            lotsen,
            "Zweimal im Jahr Fortbildung reicht nicht; viele neue Ehrenamtliche fangen zwischendurch an. Vorschlag: Einstiegsabend jeden Monat.",
            paragraph=6,
            days_ago=2,
            disposition=Comment.Disposition.REJECTED,
            answer="Dafür fehlen derzeit die Mittel. Wir nehmen den Vorschlag in die nächste Haushaltsplanung auf.",
            answered_by=staff,
        )
        withdrawn = _comment(current, vhs, "Doppelt eingereicht.", paragraph=4, days_ago=2)
        withdrawn.withdrawn_at = timezone.now() - datetime.timedelta(days=2)
        withdrawn.save()
        edited = _comment(
            current,
            syr,
            "Insgesamt ein guter Entwurf. Wir vermissen einen Satz zu Sprachangeboten für ältere Zugewanderte.",
            days_ago=1,
        )
        edited.edited_at = timezone.now()
        edited.save()

    strukturen = Chapter.objects.filter(edition=edition, title="Strukturen und Netzwerke").first()
    if strukturen is not None:
        strukturen.body = STRUKTUREN_DRAFT
        strukturen.save()
        closed = _round(
            strukturen,
            [steering],
            staff,
            deadline=today - datetime.timedelta(days=20),
            status=ReviewRound.Status.CLOSED,
            days_ago=40,
        )
        _comment(
            closed,
            member,
            "Zweimal im Jahr ist zu selten, um die Umsetzung zu steuern. Und die Protokolle sollten alle AGs sehen.",
            paragraph=1,
            days_ago=35,
            disposition=Comment.Disposition.ACCEPTED,
            answer="Übernommen: mindestens drei Sitzungen, Protokolle für alle Arbeitsgruppen.",
            answered_by=staff,
        )
        _comment(
            closed,
            syr,
            "Einladungen zum Dialogforum bitte mehrsprachig und in leichter Sprache.",
            paragraph=3,
            days_ago=30,
            disposition=Comment.Disposition.ACCEPTED,
            answer="Übernommen.",
            answered_by=staff,
        )
        _comment(
            closed,
            syr,
            "Wer benennt die Expertinnen und Experten der Tandems?",
            paragraph=2,
            days_ago=30,
            disposition=Comment.Disposition.DONE,
            answer="Die Arbeitsgruppen schlagen sie vor; das steht im Kapitel Beteiligung.",
            answered_by=staff,
        )
        strukturen.body = STRUKTUREN_AFTER
        strukturen.save()
    if stdout:
        stdout.write("Prüfrunden: eine offene und eine abgeschlossene Prüfrunde angelegt.")
