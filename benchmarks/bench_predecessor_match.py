"""Zuordnung zur Vorfassung at the size of the largest concept (issue 14, point 9).

Loads `demo --large`, gives every goal and measure a distinct title, exports the concept twice
– as the predecessor and as an untidy Fortschreibung of it (within each field the goals and
measures in reverse order, every other title reworded) – imports both into a fresh town and
prints: elements, the time of the proposals alone, how many proposals pair an element with its
true predecessor, and the page "Zuordnung zur Vorfassung" (time, queries, size of the HTML).

    python benchmarks/bench_predecessor_match.py
"""

import copy
import io
import random

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from concepts.demo.large import TOWN_SLUG  # noqa: E402
from concepts.exchange import matching  # noqa: E402
from concepts.exchange.export import edition_export  # noqa: E402
from concepts.exchange.load import edition_import  # noqa: E402
from concepts.models import Edition, Municipality  # noqa: E402

WORDS = (
    "Sprachkurse Kita Schule Ausbildung Arbeit Wohnen Gesundheit Sport Kultur Ehrenamt "
    "Beratung Eltern Jugend Senioren Frauen Geflüchtete Quartier Verwaltung Anerkennung "
    "Patenschaften Begegnung Teilhabe Vereine Moscheegemeinden Dolmetscher Lotsen Netzwerk "
    "Berufsorientierung Praktika Nachhilfe Bibliothek Digitalisierung Pflege Antidiskriminierung"
).split()


def title_of(index):
    """A distinct title of four words, as real goals and measures have (the large demo's
    "Maßnahme 1.2.3.4" differ only in their digits)."""
    rng = random.Random(index)
    return " ".join(rng.sample(WORDS, 4))


def reworded(title, index):
    """Every other title reworded: one word replaced, the others in another order."""
    if index % 2 or not title:
        return title
    words = title.split()
    words[0] = WORDS[(WORDS.index(words[0]) + 7) % len(WORDS)]
    return " ".join(words[1:3] + words[:1] + words[3:])


def retitled(data):
    """The large demo's concept with a distinct title for every goal and measure."""
    count = 0
    for field in data["fields_of_action"]:
        for name in ("strategic_goals", "operational_goals", "measures"):
            for item in field[name]:
                if item["title"]:
                    item["title"] = title_of(count)
                count += 1
    return data


def untidy(data, predecessor):
    """The Fortschreibung: goals and measures in reverse order, every other title reworded."""
    result = copy.deepcopy(data)
    result["edition"] |= {"title": "Fortschreibung", "year": 2030, "predecessor": predecessor}
    result["edition"] |= {"status": "draft", "adopted_on": None}
    result["assessments"] = []
    result["extensions"] = {}
    for field in result["fields_of_action"]:
        for name in ("strategic_goals", "operational_goals", "measures"):
            field[name].reverse()
            for i, item in enumerate(field[name]):
                item["title"] = reworded(item["title"], i)
    return result


def true_titles(data):
    """{(kind, field number, new title): old title} from the untidy rewording."""
    names = {"strategic_goals": "lz", "operational_goals": "hz", "measures": "m"}
    result = {}
    for f_index, field in enumerate(data["fields_of_action"], start=1):
        for name, kind in names.items():
            reversed_items = list(reversed(field[name]))
            for i, item in enumerate(reversed_items):
                result[(kind, str(f_index), reworded(item["title"], i))] = item["title"]
    return result


def main():
    call_command("demo", "--large", stdout=io.StringIO())
    source = Edition.objects.for_municipality(Municipality.objects.get(slug=TOWN_SLUG))
    data = retitled(edition_export(source.latest("pk")))
    data["edition"] |= {"predecessor": None}
    data["assessments"] = []
    town = Municipality.objects.create(name="Prüfstadt", slug="pruefstadt")
    old = edition_import(municipality=town, data=data)
    new = edition_import(
        municipality=town, data=untidy(data, {"title": old.title, "year": old.year})
    )
    items = matching.edition_items(new)
    print(f"Datenbank: {vendor}")
    print(", ".join(f"{len(g.new)} {g.kind.title}" for g in items))

    proposals_ms = median_ms(lambda: matching.proposals(new, items=items), repeat=5, warmup=1)
    found = matching.proposals(new, items=items)
    # The true pairs: an element's title in both files (reworded in the Fortschreibung) within
    # the same field; elements whose title repeats within a field are left out of the count.
    truth = true_titles(data)
    right = total = 0
    for group in items:
        if group.kind.key == "hf":
            continue
        old_by_title = {}
        for item in group.old:
            old_by_title.setdefault((item.number.split(".")[0], item.title), []).append(item.pk)
        for item in group.new:
            field = item.number.split(".")[0]
            original = truth.get((group.kind.key, field, item.title))
            candidates = old_by_title.get((field, original), [])
            if len(candidates) != 1:
                continue
            total += 1
            pair = found[group.kind.key].get(item.pk)
            right += bool(pair and pair[0].pk == candidates[0])
    print(
        f"Vorschläge: {proposals_ms:.0f} ms; richtig gepaart {right} von {total} (eindeutige Titel)"
    )

    admin = get_user_model().objects.create_superuser("bench", "b@example.org", "x")
    client = Client()
    client.force_login(admin)
    url = reverse("concepts:predecessor_match", args=[town.slug, new.pk])
    size = len(client.get(url).content)
    page_ms = median_ms(lambda: client.get(url), repeat=5, warmup=1)
    queries = query_count(lambda: client.get(url))
    print(f"Seite: {page_ms:.0f} ms, {queries} Abfragen, {size / 1024:.0f} KB HTML")


if __name__ == "__main__":
    main()
