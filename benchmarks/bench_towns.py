"""400 towns in one installation (issue 17, point 6): queries, indexes, OParl, backup, restore.

    createdb -h 127.0.0.1 -U postgres bench400
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench400
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py demo --towns 400        # about 5 min on 2 busy cores
    .venv/bin/python benchmarks/bench_towns.py [--town kommune-001] [--no-restore]

Unlike the other scripts this one reads an existing, filled database (DATABASE_URL, PostgreSQL);
it changes nothing in it but what a restore of its own backup puts back. It prints

1. per page of one town: queries with a cold cache in the 400-town installation and in a
   single-town one (a throw-away database made by this script with `demo --towns 1`, in a
   second process), which must be equal, and the page's time cold and warm (median);
2. every SELECT those pages issue, EXPLAINed: a sequential scan of a table with more than
   BIG_TABLE rows is printed as a finding (a town-scoped query must use an index);
3. the OParl body list, one body, and a town's paper lists (OParl and the Gremien page);
4. the time of `backup` and of `restore` (integration_site/ops/backup.py) of the whole database.

Exit status 1 when a query count differs or a big table is scanned sequentially. Without
`--no-restore` the database is restored from the backup just made (same content).
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BIG_TABLE = 10_000  # rows: a sequential scan of a bigger table is a finding
SMALL_TABLE = 300  # rows: a table this small may be read whole, even without a usable index
REPEAT = 5


def setup(throwaway):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    scratch = tempfile.mkdtemp(prefix="bench-towns-")
    # Backup and restore read and replace the uploaded files: a scratch folder, not var/.
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    os.environ["PDF_CACHE_DIR"] = f"{scratch}/pdf-cache"
    os.environ["STATIC_ROOT"] = f"{scratch}/static"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.pop("REDIS_URL", None)
    # Production settings (no query log, cached templates), as gunicorn serves the pages.
    os.environ.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
    )
    if throwaway:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from common import setup_django

        setup_django()
    else:
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    return scratch


def town_pages(slug):
    """(name, url, username) for a town's main pages, found in its database."""
    from django.urls import reverse

    from concepts.demo.towns import town_username
    from concepts.models import Edition, Measure
    from indicators.models import Indicator
    from participation.models import Meeting, Paper, WorkingGroup

    edition = (
        Edition.objects.filter(concept__municipality__slug=slug).order_by("pk").select_related()
    ).first()
    town = edition.concept.municipality
    number = int(slug.rsplit("-", 1)[1])
    staff = town_username(number, "stab")
    member = town_username(number, "mitglied")
    council = town_username(number, "rat")
    field = edition.fields_of_action.order_by("position").first()
    measure = Measure.objects.filter(field_of_action=field).order_by("position", "pk").first()
    indicator = Indicator.objects.for_edition(edition).order_by("pk").first()
    group = WorkingGroup.objects.filter(municipality=town).order_by("pk").first()
    meeting = Meeting.objects.filter(municipality=town).order_by("starts_at").first()
    paper = Paper.objects.filter(municipality=town).order_by("pk").first()
    t, e = {"town": slug}, {"town": slug, "edition": edition.pk}
    return [
        ("Startseite (Stab)", reverse("town_home", kwargs=t), staff),
        ("Startseite (Mitglied)", reverse("town_home", kwargs=t), member),
        ("Gesamtansicht", reverse("concepts:tree", kwargs=e), staff),
        ("Handlungsbedarf", reverse("concepts:gaps", kwargs=e), staff),
        ("Handlungsfeld", reverse("concepts:field_detail", kwargs={**e, "pk": field.pk}), staff),
        ("Maßnahme", reverse("concepts:measure_detail", kwargs={**e, "pk": measure.pk}), staff),
        ("Fassungen", reverse("concepts:edition_list", kwargs=t), staff),
        ("Indikatoren", reverse("indicators:index", kwargs=t), staff),
        (
            "Indikator",
            reverse("indicators:indicator_detail", kwargs={**t, "pk": indicator.pk}),
            staff,
        ),
        ("Beteiligung", reverse("participation:index", kwargs=t), member),
        ("Arbeitsgruppen", reverse("participation:group_list", kwargs=t), member),
        (
            "Arbeitsgruppe",
            reverse("participation:group_detail", kwargs={**t, "group": group.pk}),
            member,
        ),
        ("Treffen", reverse("participation:meeting_list", kwargs=t), member),
        (
            "Treffen (eins)",
            reverse("participation:meeting_detail", kwargs={**t, "meeting": meeting.pk}),
            member,
        ),
        ("Gremien", reverse("council:index", kwargs=t), council),
        ("Vorlagen", reverse("council:paper_list", kwargs=t), council),
        ("Vorlage", reverse("council:paper_detail", kwargs={**t, "paper": paper.pk}), council),
        ("OParl: Körperschaft", reverse("oparl:body", kwargs=t), None),
        ("OParl: Vorlagen der Körperschaft", reverse("oparl:body_papers", kwargs=t), None),
        ("OParl: Sitzungen der Körperschaft", reverse("oparl:body_meetings", kwargs=t), None),
    ]


def clients():
    from django.contrib.auth import get_user_model
    from django.test import Client

    made = {}

    def client_for(username):
        if username not in made:
            client = Client()
            if username:
                client.force_login(get_user_model().objects.get(username=username))
            made[username] = client
        return made[username]

    return client_for


def get(client, url):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url}: Status {response.status_code}")
    return response


def measure_pages(slug, *, explain=False):
    """{name: {"queries": n, "cold_ms": …, "warm_ms": …}} and the captured SELECTs."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_for = clients()
    figures, selects = {}, []
    for name, url, username in town_pages(slug):
        client = client_for(username)
        get(client, url)  # the session, the user, the town: as on a second visit
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        cold = (time.perf_counter() - started) * 1000
        # Read now: `captured_queries` slices the connection's log, which the next request empties.
        queries = list(captured.captured_queries)
        warm = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            get(client, url)
            warm.append((time.perf_counter() - started) * 1000)
        figures[name] = {
            "queries": len(queries),
            "cold_ms": cold,
            "warm_ms": statistics.median(warm),
        }
        if explain:
            selects += [(name, q["sql"]) for q in queries]
    return figures, selects


def big_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        return dict(cursor.fetchall())


def seq_scans(plan):
    node = plan.get("Plan", plan)
    if node.get("Node Type") == "Seq Scan":
        yield node["Relation Name"], node.get("Filter", "")
    for child in node.get("Plans", []):
        yield from seq_scans(child)


def explain_all(selects):
    """Two checks per SELECT: its plan as PostgreSQL chooses it (a sequential scan of a table
    with more than BIG_TABLE rows is a finding), and its plan with sequential scans switched off
    (`enable_seqscan = off`): a sequential scan that remains there means that no index serves
    the query at all (a finding on a table with more than SMALL_TABLE rows, at any size of the
    installation). Returns (number explained, findings, planner's own small-table scans)."""
    from django.db import connection

    rows = big_tables()
    findings, chosen, explained = [], [], 0
    seen = set()
    with connection.cursor() as cursor:
        for page, sql in selects:
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            explained += 1
            for seqscan in ("on", "off"):
                cursor.execute(f"SET enable_seqscan = {seqscan}")
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                for table, condition in seq_scans(plan[0]):
                    size = rows.get(table, 0)
                    if seqscan == "off" and size > SMALL_TABLE:
                        findings.append((page, table, size, "kein Index nutzbar", sql))
                    elif seqscan == "on" and size > BIG_TABLE:
                        findings.append((page, table, size, condition, sql))
                    elif seqscan == "on" and size > SMALL_TABLE:
                        chosen.append((page, table, size))
        cursor.execute("SET enable_seqscan = on")
    return explained, findings, chosen


def timed(fn, repeat=REPEAT):
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def oparl_figures(slug):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    t = {"town": slug}
    pages = [
        ("OParl: Körperschaften (alle)", reverse("oparl:body_list")),
        ("OParl: Körperschaften, Seite 2", reverse("oparl:body_list") + "?page=2"),
        ("OParl: Vorlagen einer Körperschaft", reverse("oparl:body_papers", kwargs=t)),
    ]
    figures = []
    for name, url in pages:
        response = get(client, url)
        count = len(response.json().get("data", []))
        figures.append((name, count, timed(lambda url=url: get(client, url))))
    return figures


def backup_and_restore(restore):
    from integration_site.ops.backup import backup_create, backup_restore

    with tempfile.TemporaryDirectory(prefix="bench-towns-backup-") as folder:
        started = time.perf_counter()
        backup = backup_create(directory=folder)
        backup_s = time.perf_counter() - started
        restore_s = None
        if restore:
            started = time.perf_counter()
            backup_restore(path=backup.path)
            restore_s = time.perf_counter() - started
        return backup.size, backup_s, restore_s


def database_size():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def single_town_figures():
    """The same pages of a single-town installation, in a second process on a fresh database."""
    output = subprocess.run(
        [sys.executable, __file__, "--single"],
        cwd=ROOT,
        env={**os.environ},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def single():
    setup(throwaway=True)
    from concepts.demo.towns import load_towns

    load_towns(1)
    figures, _ = measure_pages("kommune-001")
    from django.db import connection

    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    print(json.dumps(figures))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--town", default="kommune-001")
    parser.add_argument("--no-restore", action="store_true")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        return single()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL muss die gefüllte PostgreSQL-Datenbank nennen.")
    setup(throwaway=False)
    from django.db import connection

    from concepts.models import Measure, Municipality
    from indicators.models import Measurement

    towns = Municipality.objects.count()
    if not Municipality.objects.filter(slug=args.town).exists():
        raise SystemExit(f"Die Kommune {args.town} fehlt: erst `manage.py demo --towns 400`.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Installation: {towns} Kommunen, {Measure.objects.count()} Maßnahmen, "
        f"{Measurement.objects.count()} Messwerte, Datenbank {database_size() / 2**20:.0f} MB; "
        f"Maschinenlast {'/'.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} Kerne)"
    )

    many, selects = measure_pages(args.town, explain=True)
    one = single_town_figures()
    print()
    print(f"Seiten von {args.town}: Abfragen (kalter Cache) bei {towns} Kommunen und bei 1,")
    print("Zeit kalt / warm (Median) bei", towns, "Kommunen und bei 1")
    width = max(len(name) for name in many)
    print(
        f"{'Seite':<{width}}  {'Abfr.':>5} {'bei 1':>5}  {'kalt':>7} {'warm':>7}"
        f"  {'kalt 1':>7} {'warm 1':>7}"
    )
    differ = []
    for name, f in many.items():
        o = one[name]
        mark = "" if f["queries"] == o["queries"] else "  ≠"
        if mark:
            differ.append(name)
        print(
            f"{name:<{width}}  {f['queries']:>5} {o['queries']:>5}  {f['cold_ms']:>5.0f}ms "
            f"{f['warm_ms']:>5.0f}ms  {o['cold_ms']:>5.0f}ms {o['warm_ms']:>5.0f}ms{mark}"
        )
    print(
        "Abfragen gleich wie bei einer Kommune: "
        + ("ja" if not differ else "NEIN (" + ", ".join(differ) + ")")
    )

    explained, findings, chosen = explain_all(selects)
    print()
    print(
        f"EXPLAIN: {explained} verschiedene SELECTs dieser Seiten; Befunde (Seq Scan auf einer "
        f"Tabelle über {BIG_TABLE} Zeilen, oder über {SMALL_TABLE} Zeilen ohne nutzbaren "
        f"Index): {len(findings)}"
    )
    for page, table, rows, condition, sql in findings:
        print(f"  {page}: Seq Scan auf {table} ({rows} Zeilen) {condition}")
        print(f"    {sql[:300]}")
    if chosen:
        print(
            "  vom Planer gewählt, obwohl ein Index da ist (kleine Tabellen, ganz gelesen "
            "billiger): " + ", ".join(sorted({f"{t} ({n} Zeilen)" for _p, t, n in chosen}))
        )

    print()
    for name, count, ms in oparl_figures(args.town):
        print(f"{name}: {count} Einträge, {ms:.0f} ms (Median)")

    size, backup_s, restore_s = backup_and_restore(not args.no_restore)
    print()
    print(f"Sicherung (backup): {backup_s:.1f} s, Archiv {size / 2**20:.0f} MB")
    if restore_s is not None:
        print(f"Wiederherstellung (restore): {restore_s:.1f} s")
    print(f"Maschinenlast danach {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if differ or findings else 0


if __name__ == "__main__":
    sys.exit(main())
