"""The round page of a review: 30 paragraphs of ~600 characters, 200 comments (40 of them
replies, 60 answered by the Stabsstelle) from 20 members. Prints SQL queries and the median
server time as a member and as the Stabsstelle. Target: ≤ 15 queries, < 50 ms on PostgreSQL.

    .venv/bin/python benchmarks/bench_review_round.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integration_x .venv/bin/python benchmarks/…
"""

import datetime
import os
import random
import statistics
import time

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from concepts.models import Chapter, Concept, Edition, Membership, Municipality  # noqa: E402
from participation.models import Comment, GroupMembership, WorkingGroup  # noqa: E402
from participation.review import services  # noqa: E402

random.seed(6)
WORDS = (
    "Integration Sprache Teilhabe Stadtteil Kita Schule Ausbildung Jobcenter Ehrenamt Beratung "
    "Familie Nachbarschaft Verwaltung Angebot Zugang Wartezeit Kurs Kinderbetreuung Quartier "
    "Netzwerk Qualifikation Anerkennung Wohnung Gesundheit Begegnung Vielfalt Dialog"
).split()


def sentence(length):
    words = []
    while len(" ".join(words)) < length:
        words.append(random.choice(WORDS).lower() if words else random.choice(WORDS))
    return " ".join(words) + "."


def build():
    User = get_user_model()
    town = Municipality.objects.create(name="Rheine", slug="rheine")
    concept = Concept.objects.create(municipality=town, title="Integrationskonzept Rheine")
    edition = Edition.objects.create(concept=concept, title="2. Fortschreibung", year=2026)
    staff = User.objects.create_user("stab", password="x")  # noqa: S106
    Membership.objects.create(user=staff, municipality=town, role="staff")
    group = WorkingGroup.objects.create(municipality=town, name="AG Sprache und Bildung")
    members = []
    for n in range(20):
        user = User.objects.create_user(
            f"mitglied{n}", first_name="Person", last_name=str(n), email=f"m{n}@example.org"
        )
        Membership.objects.create(
            user=user, municipality=town, role="member", organisation=f"Verein {n} e. V."
        )
        GroupMembership.objects.create(group=group, user=user)
        members.append(user)
    body = "\n\n".join(sentence(600) for _ in range(30))
    chapter = Chapter.objects.create(edition=edition, title="Sprachförderung", body=body)
    round_ = services.review_round_open(
        chapter=chapter,
        groups=[group],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=staff,
    )
    roots = []
    for n in range(160):
        roots.append(
            services.comment_create(
                round_=round_,
                author=members[n % 20],
                text=f"{sentence(random.randint(80, 400))}\n\n- {sentence(40)}\n- {sentence(40)}",
                paragraph=random.randint(1, 30) if n % 8 else None,
            )
        )
    for n in range(40):
        services.comment_create(
            round_=round_,
            author=members[(n + 7) % 20],
            text=sentence(random.randint(60, 200)),
            parent=roots[n * 3],
        )
    dispositions = [d for d, _ in Comment.Disposition.choices]
    for n, comment in enumerate(roots[::2][:60]):
        services.comment_answer(
            comment=comment,
            user=staff,
            disposition=dispositions[n % 4],
            answer=sentence(random.randint(60, 250)),
        )
    return town, round_, staff, members[0]


def median_cpu_ms(fn, repeat=15):
    """Process CPU time: on a shared machine, wall time also counts waiting for a core."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def main():
    town, round_, staff, member = build()
    print(f"Datenbank: {vendor}")
    print(
        f"Prüfrunde: {len(round_.paragraphs)} Absätze, "
        f"{round_.comments.count()} Kommentare "
        f"({round_.comments.filter(parent__isnull=False).count()} Antworten, "
        f"{round_.comments.exclude(disposition='').count()} beantwortet)"
    )
    url = reverse(
        "participation:review_round_detail", kwargs={"town": town.slug, "round": round_.pk}
    )
    for label, user in (("Mitglied", member), ("Stabsstelle", staff)):
        client = Client()
        client.force_login(user)

        def get(client=client):
            response = client.get(url)
            assert response.status_code == 200

        queries = query_count(get)
        median = median_ms(get, repeat=15, warmup=3)
        cpu = median_cpu_ms(get)
        size = len(client.get(url).content) / 1024
        print(
            f"Rundenseite als {label:<11}: {queries:2d} SQL-Abfragen, "
            f"Median {median:6.1f} ms (CPU des Prozesses {cpu:5.1f} ms), {size:,.0f} KiB HTML"
        )
    load = os.getloadavg()[0]
    print(f"Last der Maschine (loadavg 1 min): {load:.1f} auf {os.cpu_count()} Kernen")


if __name__ == "__main__":
    main()
