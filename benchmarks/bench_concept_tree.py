"""The whole-concept page: query count and median render time, small against large concept,
without and with the cached body (`Cache`: a second request for the same content).

    .venv/bin/python benchmarks/bench_concept_tree.py

Small: 1 field × 1 Leitziel × 1 Handlungsziel × 1 Maßnahme. Large: 8 × 4 × 4 × 5 (640
measures, each with Träger and a partner). The page should cost the same queries for both;
time grows with the HTML written, not with round trips to the database.

Measured side by side in the same run (so a busy machine inflates all of them alike), for the
large concept: the uncached page, its parts (`build_tree`, the fields written by
concepts/tree_html.py, the same fields through the templates as before), and the floor: a
bare template that walks the same tree and writes one line per node. The ratios are the
figures to compare across runs; CPU ms is this process's CPU time.
"""

import time
from pathlib import Path

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.core.cache import cache  # noqa: E402
from django.template import engines  # noqa: E402
from django.template.context import make_context  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402

from concepts.models import Membership  # noqa: E402
from concepts.tree import build_tree  # noqa: E402
from concepts.tree_html import TreeHtml  # noqa: E402
from tests import factories  # noqa: E402
from tests.factories import TREE, build_concept  # noqa: E402

SIZES = {"klein": (1, 1, 1, 1), "groß": (8, 4, 4, 5)}

# The fields through the templates, as the page wrote them before tree_html.py.
TEMPLATES = (
    Path(__file__).parents[1] / "tests/concepts/editing/tree_fields_reference.html"
).read_text()
# The floor: the same tree walked by a template that writes one short line per node.
FLOOR = """{% for node in tree.fields %}<h2>{{ node.field.title }}</h2>
{% for sg in node.strategic %}<h3>{{ sg.goal.title }}</h3>
{% for op in sg.operational %}<h4>{{ op.goal.title }}</h4>
{% for m in op.measures %}<li>{{ m.label }}</li>
{% endfor %}{% endfor %}{% endfor %}{% endfor %}"""


def cpu_ms(fn, repeat=9):
    """Median CPU time of fn() in this process, in ms (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def parts(town, edition, client):
    """Median CPU ms of the uncached page and of its parts, measured in turn."""
    url = reverse("concepts:tree", args=[town.slug, edition.pk])
    request = RequestFactory().get(url)
    tree = build_tree(edition, lean=True)
    context = {
        "municipality": town,
        "edition": edition,
        "can_edit": True,
        "move_target": "#gesamtansicht-ergebnis",
        "csrf_token": "csrf",
        "tree": tree,
        "request": request,
    }
    templates = engines["django"].from_string(TEMPLATES).template
    floor = engines["django"].from_string(FLOOR).template

    def page():
        cache.clear()
        assert client.get(url).status_code == 200

    return {
        "Seite ungecacht": cpu_ms(page),
        "build_tree": cpu_ms(lambda: build_tree(edition, lean=True)),
        "Felder (tree_html.py)": cpu_ms(lambda: TreeHtml(tree, context).fields()),
        "Felder (Templates, bisher)": cpu_ms(
            lambda: templates.render(make_context(context, request))
        ),
        "Boden (nacktes Template)": cpu_ms(lambda: floor.render(make_context(context, request))),
    }


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
        results[name]["parts"] = parts(town, edition, client)
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
    print("\nCPU ms, nacheinander im selben Lauf gemessen:")
    print(f"{'Teil':28} {'klein':>8} {'groß':>8} {'groß/klein':>10} {'groß/Boden':>10}")
    floor = large["parts"]["Boden (nacktes Template)"]
    for part, value in large["parts"].items():
        small_value = small["parts"][part]
        print(
            f"{part:28} {small_value:>8.1f} {value:>8.1f} "
            f"{value / small_value if small_value else 0:>10.1f} {value / floor:>10.1f}"
        )
    page, before = large["parts"]["Seite ungecacht"], large["parts"]["Felder (Templates, bisher)"]
    written = large["parts"]["Felder (tree_html.py)"]
    print(
        f"Felder: Templates/tree_html.py {before / written:.1f}×; "
        f"Seite ohne die Felder {page - written:.1f} ms, "
        f"mit den Templates wären es {page - written + before:.1f} ms"
    )


if __name__ == "__main__":
    main()
