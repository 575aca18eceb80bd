"""The whole-concept page: query count and median render time, small against large concept,
without and with the cached body (`Cache`: a second request for the same content).

    .venv/bin/python benchmarks/bench_concept_tree.py

Small: 1 field × 1 Leitziel × 1 Handlungsziel × 1 Maßnahme. Large: 8 × 4 × 4 × 5 (640
measures, each with Träger and a partner). The page should cost the same queries for both;
time grows with the HTML written, not with round trips to the database.
"""

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from concepts.models import Membership  # noqa: E402
from tests import factories  # noqa: E402
from tests.factories import TREE, build_concept  # noqa: E402

SIZES = {"klein": (1, 1, 1, 1), "groß": (8, 4, 4, 5)}


def main():
    town = factories.MunicipalityFactory(name="Rheine", slug="rheine")
    user = factories.UserFactory(username="stab")
    factories.MembershipFactory(user=user, municipality=town, role=Membership.Role.STAFF)
    client = Client()
    client.force_login(user)
    results = {}
    for name, (fields, strategic, operational, measures) in SIZES.items():
        edition = factories.EditionFactory(concept__municipality=town, title=name)
        built = build_concept(
            edition,
            fields=fields,
            strategic=strategic,
            operational=operational,
            measures=measures,
            recipe=TREE,
        )
        url = reverse("concepts:tree", args=[town.slug, edition.pk])
        filtered = url + "?status=running"

        def get(target=url):
            response = client.get(target)
            assert response.status_code == 200
            return response

        def get_filtered(target=filtered):
            return get(target)

        def get_uncached(target=url):
            cache.clear()
            return get(target)

        results[name] = {
            "measures": len(built.measures),
            "queries": query_count(get_uncached),
            "queries_filtered": query_count(get_filtered),
            "queries_cached": query_count(get),
            "ms": median_ms(get_uncached, repeat=9 if name == "groß" else 15),
            "ms_cached": median_ms(get, repeat=15),
            "kb": len(get().content) / 1024,
        }
    print(f"Gesamtansicht (concepts:tree), Datenbank: {vendor}")
    header = ("Konzept", "Maßnahmen", "Queries", "gefiltert", "Cache", "Median ms", "Cache ms")
    print("{:8} {:>9} {:>7} {:>9} {:>6} {:>10} {:>9} HTML kB".format(*header))
    for name, r in results.items():
        print(
            f"{name:8} {r['measures']:>9} {r['queries']:>7} {r['queries_filtered']:>9} "
            f"{r['queries_cached']:>6} {r['ms']:>10.1f} {r['ms_cached']:>9.1f} {r['kb']:>7.0f}"
        )
    small, large = results["klein"], results["groß"]
    print(
        f"Verhältnis groß/klein: Queries {large['queries'] / small['queries']:.2f}, "
        f"Zeit {large['ms'] / small['ms']:.1f}, "
        f"Maßnahmen {large['measures'] / small['measures']:.0f}"
    )


if __name__ == "__main__":
    main()
