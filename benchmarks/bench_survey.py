"""Survey results and exports at size: 1,000 submitted responses × 30 questions (all kinds).

Prints the SQL queries and median server time of the results page (target < 300 ms at a fixed
number of queries, the same for 100 and 1,000 responses), the time of the raw CSV, raw XLSX
and summary XLSX exports (target < 3 s each) and of one render of the results PDF (the worker's
job, no target), then a line per target saying whether it is met.

    .venv/bin/python benchmarks/bench_survey.py
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

from concepts.models import (  # noqa: E402
    Concept,
    Edition,
    FieldOfAction,
    Membership,
    Municipality,
)
from participation.models import Answer, Question, Response, Survey, SurveySection  # noqa: E402
from participation.surveys import exports  # noqa: E402

random.seed(19)
K = Question.Kind
# 30 questions: the mix a Koblenz-style survey has.
KINDS = [K.SINGLE] * 8 + [K.MULTIPLE] * 5 + [K.SCALE] * 5 + [K.MATRIX] * 3 + [K.NUMBER] * 2
KINDS += [K.DATE, K.RANKING, K.SHORT_TEXT, K.SHORT_TEXT, K.LONG_TEXT, K.LONG_TEXT, K.LONG_TEXT]
OPTIONS = ["sehr gut", "gut", "teils", "schlecht", "sehr schlecht"]
KINDS_OF_ACTORS = ["welfare", "school", "association", "administration", "migrant_org"]


def build(responses):
    town = Municipality.objects.create(name=f"Koblenz {responses}", slug=f"koblenz-{responses}")
    concept = Concept.objects.create(municipality=town, title="Integrationskonzept")
    edition = Edition.objects.create(concept=concept, title="Fortschreibung", year=2026)
    fields = [
        FieldOfAction.objects.create(edition=edition, title=f"Handlungsfeld {n}", position=n)
        for n in range(1, 9)
    ]
    today = timezone.localdate()
    survey = Survey.objects.create(
        municipality=town,
        edition=edition,
        title="Einschätzung der aktuellen Bedarfslage",
        privacy_notice="Hinweis",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today,
    )
    questions = []
    for page in range(5):
        section = SurveySection.objects.create(survey=survey, title=f"Seite {page}", position=page)
        for n, kind in enumerate(KINDS[page * 6 : page * 6 + 6]):
            questions.append(
                Question.objects.create(
                    section=section,
                    position=n,
                    kind=kind,
                    text=f"Frage {len(questions) + 1}",
                    options="\n".join(OPTIONS) if kind in (K.SINGLE, K.MULTIPLE) else "",
                    allow_other=kind == K.SINGLE,
                    rows="Sprache\nArbeit\nWohnen\nGesundheit" if kind == K.MATRIX else "",
                    field_of_action=random.choice(fields),
                )
            )
    titles = [f.title for f in fields]
    answers = []
    for n in range(responses):
        response = Response.objects.create(
            survey=survey,
            actor_kind=random.choice(KINDS_OF_ACTORS),
            submitted_at=timezone.now(),
        )
        for q in questions:
            answers.append(Answer(response=response, question=q, value=value(q, titles, n)))
        if len(answers) > 5000:
            Answer.objects.bulk_create(answers)
            answers = []
    Answer.objects.bulk_create(answers)
    return town, survey


def value(question, titles, n):
    kind = question.kind
    if kind == K.SINGLE:
        return {"choice": random.choice(OPTIONS), "other": ""}
    if kind == K.MULTIPLE:
        return {"choices": random.sample(OPTIONS, 2), "other": ""}
    if kind == K.SCALE:
        return random.randint(1, 5)
    if kind == K.MATRIX:
        return {row: random.choice(OPTIONS) for row in question.row_list}
    if kind == K.NUMBER:
        return float(random.randint(0, 500))
    if kind == K.DATE:
        return f"20{random.randint(10, 25)}-0{random.randint(1, 9)}-1{random.randint(0, 9)}"
    if kind == K.RANKING:
        return random.sample(titles, len(titles))
    return f"Antwort {n}: mehr Sprachkurse mit Kinderbetreuung und Beratung im Stadtteil."


def median_cpu_ms(fn, repeat=7):
    """The median CPU time of this process (the web server's share, without the database's): on
    a machine busy with other work the wall time grows, this hardly does."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def main():
    print(
        f"Last der Maschine (loadavg 1 min): {os.getloadavg()[0]:.1f} auf {os.cpu_count()} Kernen"
    )
    User = get_user_model()
    staff = User.objects.create_user("stab", password="x")  # noqa: S106
    measured = {}
    for responses in (100, 1000):
        start = time.perf_counter()
        town, survey = build(responses)
        Membership.objects.create(user=staff, municipality=town, role="staff")
        built = time.perf_counter() - start
        client = Client()
        client.force_login(staff)
        url = reverse(
            "participation:survey_results", kwargs={"town": town.slug, "survey": survey.pk}
        )
        assert client.get(url).status_code == 200
        queries = query_count(lambda: client.get(url))  # noqa: B023
        page = median_ms(lambda: client.get(url), repeat=7)  # noqa: B023
        filtered = median_ms(lambda: client.get(url + "?art=school"), repeat=7)  # noqa: B023
        cpu = median_cpu_ms(lambda: client.get(url))  # noqa: B023
        print(f"[{vendor}] {responses} Antworten × 30 Fragen (angelegt in {built:.1f} s)")
        print(
            f"  Ergebnisseite: {queries} Abfragen, Median {page:.0f} ms "
            f"(gefiltert {filtered:.0f} ms; CPU-Zeit des Servers {cpu:.0f} ms)"
        )
        exports_ms = []
        for name, fn in (
            ("Rohdaten CSV", exports.raw_csv),
            ("Rohdaten XLSX", exports.raw_xlsx),
            ("Zusammenfassung XLSX", exports.summary_xlsx),
        ):
            start = time.perf_counter()
            size = len(fn(survey))
            exports_ms.append((time.perf_counter() - start) * 1000)
            print(f"  {name}: {exports_ms[-1]:.0f} ms, {size / 1024:.0f} KiB")
        start = time.perf_counter()
        size = len(exports.render_results_pdf({"survey": survey.pk}, lambda percent, step: None))
        pdf_seconds = time.perf_counter() - start
        print(
            f"  Ergebnisbericht PDF (eine Erstellung im Worker): {pdf_seconds:.1f} s, "
            f"{size / 1024:.0f} KiB"
        )
        measured[responses] = (queries, page, max(exports_ms))
    queries_100, _page, _export = measured[100]
    queries, page, export = measured[1000]
    print("Ziele bei 1.000 Antworten × 30 Fragen:")
    print(f"  Ergebnisseite < 300 ms: {page:.0f} ms – {'erreicht' if page < 300 else 'VERFEHLT'}")
    fixed = queries == queries_100
    print(
        f"  feste Zahl von Abfragen: {queries_100} bei 100, {queries} bei 1.000 – "
        f"{'erreicht' if fixed else 'VERFEHLT'}"
    )
    print(
        f"  langsamster Export < 3 s: {export / 1000:.2f} s – "
        f"{'erreicht' if export < 3000 else 'VERFEHLT'}"
    )


if __name__ == "__main__":
    main()
