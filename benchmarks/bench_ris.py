"""Reading results back from a council system: time, HTTP requests and SQL queries.

A paper in the ALLRIS shape (consultations embedded, meetings and agenda items only linked) with
5, 20 and 50 consultations, served over HTTP on 127.0.0.1 by the test suite's fixture server.
Prints per size: requests and queries of the preview (`paper_plan`), its median time with a
fresh client (no cache), and queries and time of taking everything over (`plan_apply`).
"""

import datetime
import time

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.conf import settings  # noqa: E402

from participation.models import Committee  # noqa: E402
from participation.ris import services  # noqa: E402
from participation.ris.client import OParlClient  # noqa: E402
from tests.factories import CommitteeFactory, PaperFactory, build_world  # noqa: E402
from tests.participation.ris.server import OParlFixtureServer  # noqa: E402

T = "https://schema.oparl.org/1.1/"
settings.RIS_ALLOWED_NETWORKS = ["127.0.0.0/8"]


def synthetic_paper(server, size, number):
    base = f"{server.base}/public/oparl"
    consultations = []
    for n in range(size):
        key = number * 1000 + n
        organization = f"{base}/organizations?typ=gr&id={160 + n % 2}"
        meeting = f"/public/oparl/meetings?id={key}"
        agenda = f"/public/oparl/agendaItems?id={key}"
        start = datetime.datetime(2025, 1, 7, 17) + datetime.timedelta(days=7 * n)
        server.set(
            meeting,
            {
                "id": server.url(meeting),
                "type": T + "Meeting",
                "name": f"Sitzung {n + 1}",
                "start": start.isoformat() + "+01:00",
                "organization": [organization],
            },
        )
        server.set(
            agenda,
            {
                "id": server.url(agenda),
                "type": T + "AgendaItem",
                "meeting": server.url(meeting),
                "number": f"Ö {n + 1}",
                "name": "Integrationskonzept",
                "public": True,
                "result": "vertagt" if n < size - 1 else "einstimmig empfohlen",
            },
        )
        consultations.append(
            {
                "id": f"{base}/consultations?id={key}",
                "type": T + "Consultation",
                "organization": [organization],
                "meeting": server.url(meeting),
                "agendaItem": server.url(agenda),
                "role": "Vorberatung",
            }
        )
    path = f"/public/oparl/papers?id={number}"
    server.set(
        path,
        {
            "id": server.url(path),
            "type": T + "Paper",
            "body": f"{base}/bodies?id=1",
            "reference": f"BV/{number:04d}/2025",
            "consultation": consultations,
        },
    )
    return server.url(path)


def main():
    server = OParlFixtureServer().start()
    world = build_world()
    town = world.town
    council = CommitteeFactory(municipality=town, name="Rat", kind=Committee.Kind.COUNCIL)
    social = CommitteeFactory(municipality=town, name="Sozialausschuss")
    with OParlClient() as client:
        system = services.council_system_connect(
            municipality=town, system_url=server.url("/public/oparl/system"), client=client
        )
    services.organization_mappings_save(
        council_system=system,
        choices=[
            (server.url("/public/oparl/organizations?typ=gr&id=160"), "Rat", council),
            (server.url("/public/oparl/organizations?typ=gr&id=161"), "ASIG", social),
        ],
    )
    print(f"Datenbank: {vendor}")  # noqa: T201
    print("Beratungen  Anfragen  Abfragen Vorschau  Vorschau ms  Abfragen Übernahme  Übernahme ms")  # noqa: T201,E501
    for number, size in enumerate((5, 20, 50), start=1):
        paper = PaperFactory(municipality=town, number=f"BV/{number:04d}/2025")
        with OParlClient() as client:
            link = services.paper_link(
                paper=paper, remote_url=synthetic_paper(server, size, number), client=client
            )
        server.requests.clear()

        def preview(link=link):
            with OParlClient() as client:
                return services.paper_plan(link=link, client=client)

        plan_queries = query_count(preview)
        requests = len(server.requests)
        plan_ms = median_ms(preview, repeat=5, warmup=1)
        plan = preview()
        start = time.perf_counter()
        apply_queries = query_count(lambda: services.plan_apply(plan=plan))  # noqa: B023
        apply_ms = (time.perf_counter() - start) * 1000
        print(  # noqa: T201
            f"{size:>10}  {requests:>8}  {plan_queries:>17}  {plan_ms:>11.0f}  "
            f"{apply_queries:>18}  {apply_ms:>12.0f}"
        )
    server.stop()


if __name__ == "__main__":
    main()
