"""The strict Content-Security-Policy breaks nothing: the main pages of every area load in
Chromium without a single CSP violation, and the inlined charts and progress bars are drawn."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from concepts.demo.rheine import ADMIN_USER, DEMO_USERS, TOWN_SLUG
from concepts.models import Edition, Measure, Municipality
from indicators.models import Indicator
from participation.models import Paper, ReviewRound

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " @ "
                    + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo(transactional_db, demo_db):
    pass


@pytest.fixture
def csp_page(page):
    """The page, collecting CSP violations from events and console messages."""
    console = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda m: (
            console.append(m.text)
            if "Content Security Policy" in m.text or m.text.startswith("Refused to")
            else None
        ),
    )

    def visit(url):
        response = page.goto(url)
        page.wait_for_load_state("load")
        assert response.status in (200, 429), (url, response.status)
        events = page.evaluate("window.__csp")
        found = events + console[:]
        console.clear()
        return found

    page.visit = visit
    return page


def password(username):
    return next(p for u, p, *_ in DEMO_USERS if u == username)


def log_in(page, username, secret):
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(secret)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def main_pages():
    town = Municipality.objects.get(slug=TOWN_SLUG)
    edition = Edition.objects.for_municipality(town).current()
    measure = Measure.objects.for_edition(edition).first()
    indicator = (
        Indicator.objects.for_edition(edition).filter(measurements__isnull=False).distinct().first()
    )
    review_round = ReviewRound.objects.for_municipality(town).first()
    paper = Paper.objects.filter(municipality=town).first()
    town = town.slug
    return {
        "start": reverse("town_home", args=[town]),
        "concept tree": reverse("concepts:tree", args=[town, edition.pk]),
        "edition": reverse("concepts:edition_detail", args=[town, edition.pk]),
        "field": reverse(
            "concepts:field_detail", args=[town, edition.pk, measure.field_of_action_id]
        ),
        "measure": reverse("concepts:measure_detail", args=[town, edition.pk, measure.pk]),
        "indicators": reverse("indicators:index", args=[town]),
        "indicator": reverse("indicators:indicator_detail", args=[town, indicator.pk]),
        "participation": reverse("participation:index", args=[town]),
        "review round": reverse("participation:review_round_detail", args=[town, review_round.pk]),
        "council": reverse("council:index", args=[town]),
        "paper": reverse("council:paper_detail", args=[town, paper.pk]),
    }


def test_main_pages_load_without_csp_violations_and_draw_charts(demo, csp_page):
    assert csp_page.visit("/konto/login/") == []
    log_in(csp_page, "stabsstelle", password("stabsstelle"))
    violations = {}
    for name, url in main_pages().items():
        found = csp_page.visit(url)
        if found:
            violations[name] = found
        if name == "indicator":
            drawn = csp_page.evaluate(
                """() => {
                  const svg = document.querySelector("figure svg.indicator-chart");
                  const text = svg.querySelector("text");
                  const lines = [...svg.querySelectorAll("path")].filter(
                    p => getComputedStyle(p).stroke !== "none" && p.getBBox().width > 50);
                  return {width: svg.getBoundingClientRect().width,
                          title: svg.querySelector("title").textContent,
                          fontSize: getComputedStyle(text).fontSize,
                          lines: lines.length};
                }"""
            )
            assert drawn["width"] > 300
            assert drawn["title"]
            # Presentation attributes took effect: matplotlib's 10px labels, stroked lines.
            assert drawn["fontSize"] == "10px"
            assert drawn["lines"] >= 2
        if name == "concept tree":
            widths = csp_page.evaluate(
                """() => [...document.querySelectorAll("svg.progress-stack rect")]
                         .map(r => r.getBoundingClientRect().width)"""
            )
            assert widths and all(w > 0 for w in widths)
    assert violations == {}
    # The watch works: an inline style attribute added now is reported.
    csp_page.evaluate(
        """document.body.insertAdjacentHTML("beforeend", '<b style="color:red">x</b>')"""
    )
    csp_page.wait_for_function("window.__csp.length > 0")
    assert "style-src" in csp_page.evaluate("window.__csp")[0]


def test_admin_works_under_the_policy(demo, csp_page):
    log_in(csp_page, *ADMIN_USER)
    violations = {}
    measure = Measure.objects.first()
    user = User.objects.get(username="stabsstelle")
    for url in [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:concepts_measure_changelist"),
        reverse("admin:concepts_measure_change", args=[measure.pk]),
    ]:
        found = csp_page.visit(url)
        if found:
            violations[url] = found
    assert violations == {}


def test_lockout_page_has_no_csp_violations(demo, csp_page):
    for _ in range(5):
        log_in(csp_page, "stabsstelle", "falsch-falsch-falsch")
    csp_page.get_by_label("Benutzername").fill("stabsstelle")
    csp_page.get_by_label("Passwort").fill(password("stabsstelle"))
    with csp_page.expect_response(lambda r: r.request.method == "POST") as info:
        csp_page.get_by_role("button", name="Anmelden").click()
    assert info.value.status == 429
    assert csp_page.get_by_role("alert").inner_text().startswith("Zu viele")
    assert csp_page.evaluate("window.__csp") == []


def test_rewritten_chart_looks_exactly_like_matplotlibs(page, db, monkeypatch):
    """The presentation attributes draw pixel for pixel what matplotlib's styles drew."""
    from indicators import charts
    from tests.factories import IndicatorFactory, MeasurementFactory

    indicator = IndicatorFactory(name="Kita-Besuchsquote")
    values = [
        MeasurementFactory.build(indicator=indicator, year=year, value=D(value))
        for year, value in [(2020, "11"), (2021, "12"), (2022, "14"), (2023, "15")]
    ]
    values += [
        MeasurementFactory.build(
            indicator=indicator, year=year, value=D(value), breakdown="Geschlecht: weiblich"
        )
        for year, value in [(2021, "9"), (2022, "10")]
    ]
    values[2].is_approximate = True
    rewritten = charts._render(indicator, values, "on_track", "large", "a")
    monkeypatch.setattr(charts, "_presentation_attributes", lambda svg: svg)
    original = charts._render(indicator, values, "on_track", "large", "a")
    assert "style=" in original and "style=" not in rewritten

    shots = []
    for svg in (original, rewritten):
        page.set_content(f"<!doctype html><body>{svg}</body>")
        shots.append(page.locator("svg").screenshot())
    assert shots[0] == shots[1]
