"""Data for tests/site/test_two_instances.py, created in the servers' database by a subprocess.

Run as `python -m tests.site.two_instances_data` with the servers' environment; prints the ids
the test needs as JSON.
"""

import json

PASSWORD = "zwei-server-ein-kreis-2026"


def main():
    import django

    django.setup()
    from concepts.models import Membership
    from participation.models import Meeting
    from tests import factories
    from tests.factories import MeetingFactory, WorkingGroupFactory

    town = factories.MunicipalityFactory(name="Kreisstadt", slug="kreisstadt")
    staff = factories.UserFactory(username="stab", password=PASSWORD)
    factories.MembershipFactory(user=staff, municipality=town, role=Membership.Role.STAFF)
    # Locked out by the lockout test; nobody else uses the account.
    locked = factories.UserFactory(username="gesperrt", password=PASSWORD)
    factories.MembershipFactory(user=locked, municipality=town, role=Membership.Role.MEMBER)
    edition = factories.EditionFactory(concept__municipality=town)
    field = factories.FieldOfActionFactory(edition=edition, title="Sprache und Bildung")
    goal = factories.StrategicGoalFactory(field_of_action=field, title="Alle lernen Deutsch")
    factories.OperationalGoalFactory(strategic_goal=goal, title="Mehr Sprachkurse")
    factories.MeasureFactory(field_of_action=field, title="Sprachcafé im Stadtteilzentrum")
    meeting = MeetingFactory(
        municipality=town,
        group=WorkingGroupFactory(municipality=town, name="AG Sprache"),
        kind=Meeting.Kind.GROUP_SESSION,
    )
    print(
        json.dumps(
            {
                "town": town.slug,
                "edition": edition.pk,
                "meeting": meeting.pk,
                "username": staff.username,
                "locked_username": locked.username,
                "password": PASSWORD,
            }
        )
    )


if __name__ == "__main__":
    main()
