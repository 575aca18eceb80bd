"""axe-core on every page for every role, on the demo town (WCAG 2.1 A and AA, all impacts).

For each role the crawler logs in, visits one page per URL name of the project (objects taken
from the demo) and then follows the links it finds (same origin, GET, HTML only), visiting
each kind of page once per role. Create forms are also submitted empty once, so that their
error states are checked, and a save shows the success message. A last assertion makes sure
that every HTML page of the project was visited by at least one role.
Each checked page is also laid out at a phone's 390 px (same page, no second load): it must
not scroll sideways, and every table must sit in a scroll container. The crawl is marked
`crawl`: it walks the whole site, so one CI pass (SQLite) is enough.
"""

import datetime
import io
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse
from openpyxl import Workbook

from concepts.models import Edition, FieldOfAction, Measure, Municipality
from indicators.models import Indicator, Measurement
from indicators.rounds.models import ReportingRound
from indicators.rounds.services import round_start
from integration_site.background.models import ImportJob
from participation.groups.services import invitation_create
from participation.models import Answer as SurveyAnswer
from participation.models import (
    Attachment,
    Comment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    ContactPerson,
    GroupMembership,
    Meeting,
    Paper,
    PaperAttachment,
    PaperNumbering,
    ReviewRound,
    Survey,
    SurveyCitation,
    SurveyLink,
    WorkingGroup,
)
from tests.browser.conftest import AXE, SCREENSHOTS
from tests.browser.conftest import AXE_TAGS as WCAG_TAGS
from tests.site.test_permission_coverage import url_names

ROLES = {
    "anonymous": None,
    "member": ("mitglied", "demo-ag-2026"),
    "council": ("ratsmitglied", "demo-rat-2026"),
    "staff": ("stabsstelle", "demo-stab-2026"),
    "superuser": ("admin", "demo-admin-2026"),
}
# Pages per role at most (seeds plus followed links); the demo needs about 100 for staff.
MAX_PAGES_PER_ROLE = 160
SKIPPED_SUFFIXES = (".pdf", ".csv", ".xlsx", ".ics", ".json", ".svg", ".png", ".docx")
SKIPPED_PREFIXES = ("/admin/", "/oparl/", "/konto/logout/", "/static/", "/media/")

# URL names that are no HTML page to GET, each with the reason.
DOWNLOAD = "Download, keine HTML-Seite"
POST_ONLY = "nimmt nur POST an (Knopf auf einer anderen Seite)"
EXEMPT = {
    "logout": POST_ONLY,
    "set_language": POST_ONLY + " (Sprachwahl in der Fußzeile)",
    "health": "JSON für die Überwachung, keine HTML-Seite",
    "favicon": "Symbol der Website, keine HTML-Seite",
    "concepts:element_move": POST_ONLY,
    "concepts:history_restore": POST_ONLY,
    "concepts:edition_publish": POST_ONLY,
    "concepts:edition_export": DOWNLOAD,
    "concepts:measures_xlsx": DOWNLOAD,
    "concepts:measures_csv": DOWNLOAD,
    "concepts:edition_pdf": DOWNLOAD,
    "concepts:edition_docx": DOWNLOAD,
    "concepts:word_rules": DOWNLOAD,
    "public:edition_pdf": DOWNLOAD,
    "indicators:indicator_chart": "SVG-Grafik, eingebettet in die Indikatorseite",
    "indicators:measurement_create": POST_ONLY + "; GET leitet zur Indikatorseite",
    "indicators:measurement_delete": POST_ONLY,
    "indicators:import_template": DOWNLOAD,
    "indicators:round_remind_all": POST_ONLY,
    "indicators:round_remind": POST_ONLY,
    "indicators:round_close": POST_ONLY,
    "indicators:round_report": DOWNLOAD,
    "indicators:report_pdf": DOWNLOAD,
    "indicators:export_csv": DOWNLOAD,
    "indicators:export_xlsx": DOWNLOAD,
    "participation:review_comment_create": POST_ONLY,
    "participation:review_comment_withdraw": POST_ONLY,
    "participation:review_comment_answer": POST_ONLY,
    "participation:review_round_close": POST_ONLY,
    "participation:review_synopsis_xlsx": DOWNLOAD,
    "participation:review_synopsis_pdf": DOWNLOAD,
    "participation:group_member_add": POST_ONLY,
    "participation:group_member_remove": POST_ONLY,
    "participation:meeting_ics": DOWNLOAD,
    "participation:attachment_upload": POST_ONLY,
    "participation:attachment_download": DOWNLOAD,
    "participation:attachment_delete": POST_ONLY,
    "council:paper_pdf": DOWNLOAD,
    "council:paper_docx": DOWNLOAD,
    "council:paper_package_pdf": DOWNLOAD,
    "council:attachment_download": DOWNLOAD,
    "council:attachment_delete": POST_ONLY,
    "council:consultation_delete": POST_ONLY,
    "participation:survey_section_create": POST_ONLY + " (Formular auf der Umfrageseite)",
    "participation:survey_question_delete": POST_ONLY,
    "participation:survey_section_move": POST_ONLY + " (Knöpfe auf der Umfrageseite)",
    "participation:survey_citation_delete": POST_ONLY + " (Ergebnisseite, Handlungsfeld)",
    "participation:survey_invite": POST_ONLY,
    "participation:survey_remind": POST_ONLY,
    "participation:survey_close": POST_ONLY,
    "participation:survey_answer_tag": POST_ONLY + " (Formular auf der Freitext-Seite)",
    "participation:survey_citation_create": POST_ONLY + " (Formular auf der Ergebnisseite)",
    "participation:survey_export_csv": DOWNLOAD,
    "participation:survey_export_xlsx": DOWNLOAD,
    "participation:survey_summary_xlsx": DOWNLOAD,
    "participation:survey_pdf": DOWNLOAD,
    "ris:paper_unlink": POST_ONLY,
    # The demo's survey is finished (a closed survey answers 410); the answer pages get axe,
    # phone width and keyboard in tests/browser/test_surveys.py.
    "participation:survey_answer": "axe in tests/browser/test_surveys.py",
    "participation:survey_answer_open": "axe in tests/browser/test_surveys.py",
    # Needs a linked council system (a local OParl server): axe in tests/browser/test_ris.py.
    "ris:paper_preview": "axe in tests/browser/test_ris.py",
}
EXEMPT_NAMESPACES = {"oparl": "OParl-Schnittstelle: JSON, keine HTML-Seite"}

# WCAG 2.1 A and AA, every impact; and axe's best practices (landmarks, heading order), which
# the site meets as well.
AXE_TAGS = [*WCAG_TAGS, "best-practice"]
# Closed <details> (the whole-concept tree, answer forms) are opened first: a person opens them.
AXE_RUN = """async (tags) => {
    document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
    return (await axe.run(document, {runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations']}))
    .violations.map(v => `${v.id} (${v.impact}): ${v.help} → ` +
      v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '));
}"""
# Beyond axe, on every page: no visible raw markup (Markdown, escaped tags, template syntax) in
# the text a person reads — help texts and code that show the syntax on purpose aside — and no
# badge whose text has the colour of what is behind it (axe leaves "incomplete" what it cannot
# decide, e.g. white on a transparent badge).
RAW_MARKUP = r"""() => {
    const found = [];
    const raw = new RegExp([
        String.raw`\*\*\S[^*]*\*\*`, String.raw`__\w[^_]*__`,
        String.raw`\[[^\]\n]+\]\((https?:|\/)[^)\s]*\)`,
        String.raw`<\/?(p|strong|em|a|ul|li|br|script)\b[^>]*>`,
        String.raw`\{\{|\{%|%\}|\}\}`,
    ].join('|'));
    const skip = 'script, style, textarea, code, pre, kbd, .form-text, [hidden]';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(skip)) continue;
        const match = node.textContent.match(raw);
        const tag = parent.tagName.toLowerCase();
        if (match) found.push(`Rohes Markup „${match[0].slice(0, 40)}“ in <${tag}>`);
    }
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const background = (el) => {
        for (; el; el = el.parentElement) {
            const c = rgb(getComputedStyle(el).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const luminance = ([r, g, b]) => [r, g, b].map(v => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    document.querySelectorAll('.badge').forEach(badge => {
        const text = badge.innerText.trim();
        if (!text || badge.closest('[hidden]')) return;
        const a = luminance(rgb(getComputedStyle(badge).color).slice(0, 3));
        const b = luminance(background(badge));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        const shown = `Kontrast ${ratio.toFixed(1)}:1`;
        if (ratio < 4.5) found.push(`Abzeichen „${text}“ kaum lesbar (${shown})`);
    });
    return found;
}"""
# Phone width: at 390 px no page may scroll sideways, and every table sits in a box that
# scrolls on its own ({% scrolltable %}); the widest culprits are named.
PHONE = {"width": 390, "height": 844}
PHONE_WIDTH = r"""async () => {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const found = [];
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const width = document.documentElement.scrollWidth;
    if (width > innerWidth) {
        const wide = Array.from(document.body.querySelectorAll('*'))
            .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
            .filter(el => !(el.parentElement && el.parentElement.closest('.table-responsive')))
            .map(el => `<${el.tagName.toLowerCase()} class="${el.className}">`);
        found.push(`Seite ${width} px breit bei ${innerWidth} px (Handy), zu breit: ` +
            wide.slice(-3).join(' '));
    }
    document.querySelectorAll('table').forEach(table => {
        for (let el = table; el && el !== document.body; el = el.parentElement) {
            if (scrolls(el)) return;
        }
        const caption = table.caption ? table.caption.textContent.trim().slice(0, 60) : '';
        found.push(`Tabelle „${caption}“ ohne Scrollbereich`);
    });
    return found;
}"""
LINKS = """() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"""
# The page's own form (not the header's logout), with the browser's checks off so that the
# server answers with its error messages.
SUBMIT_EMPTY = """() => {
    const form = Array.from(document.querySelectorAll('main form[method=post]'))
        .find(f => !f.dataset.confirm && f.querySelector('[type=submit]'));
    if (!form) return false;
    form.noValidate = true;
    form.requestSubmit(form.querySelector('[type=submit]'));
    return true;
}"""


def spreadsheet(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def demo_objects():
    """The demo town plus what the demo leaves out: a reporting round, an invitation.

    Loads the demo unless the test has it already (fixture `demo_db`, the faster way)."""
    if not Municipality.objects.filter(slug="rheine").exists():
        call_command("demo", stdout=io.StringIO())
    town = Municipality.objects.get(slug="rheine")
    editions = Edition.objects.for_municipality(town)
    draft = editions.get(title="3. Fortschreibung")
    staff = town.memberships.get(user__username="stabsstelle").user
    field = FieldOfAction.objects.for_edition(draft).order_by("position").first()
    measure = Measure.objects.for_edition(draft).order_by("field_of_action__position").first()
    indicator = Indicator.objects.for_edition(draft).order_by("pk").first()
    if not ReportingRound.objects.for_municipality(town).exists():
        today = datetime.date.today()
        round_start(
            edition=draft,
            title="Controlling 2026",
            reference_date=today,
            deadline=today + datetime.timedelta(days=30),
            user=staff,
        )
    reporting_round = ReportingRound.objects.for_municipality(town).first()
    group = WorkingGroup.objects.filter(municipality=town).order_by("pk").first()
    _invitation, invitation_token = invitation_create(
        group=group, email="neu@rheine.example", invited_by=staff
    )
    review_round = ReviewRound.objects.for_municipality(town).open().order_by("pk").first()
    meeting = Meeting.objects.filter(municipality=town, attachments__isnull=False).first()
    committee = Committee.objects.filter(municipality=town).order_by("pk").first()
    paper = Paper.objects.filter(municipality=town).order_by("pk").first()
    contact = ContactPerson.objects.filter(actor__municipality=town).order_by("pk").first()
    survey = Survey.objects.filter(municipality=town).order_by("pk").first()
    survey_link = SurveyLink.objects.filter(survey=survey).order_by("pk").first()
    text_answer = (
        SurveyAnswer.objects.filter(
            question__section__survey=survey, question__kind__in=["short_text", "long_text"]
        )
        .order_by("pk")
        .first()
    )
    # An import waiting for the worker (its page; a stored result would be text in the
    # language the worker ran in).
    import_job = ImportJob.objects.create(
        kind="exchange", municipality=town, user=staff, filename="konzept.json"
    )
    return SimpleNamespace(
        town=town,
        import_job=import_job,
        draft=draft,
        adopted=editions.get(title="2. Fortschreibung"),
        field=field,
        measure=measure,
        indicator=indicator,
        measurement=Measurement.objects.filter(indicator=indicator).first(),
        reporting_round=reporting_round,
        task=reporting_round.tasks.first(),
        group=group,
        group_membership=GroupMembership.objects.filter(group=group).first(),
        invitation_token=invitation_token,
        review_round=review_round,
        comment=Comment.objects.filter(round=review_round, author__username="mitglied")
        .order_by("pk")
        .first(),
        meeting=meeting,
        attachment=Attachment.objects.filter(meeting=meeting).first(),
        committee=committee,
        committee_membership=CommitteeMembership.objects.filter(committee=committee).first(),
        committee_meeting=CommitteeMeeting.objects.filter(committee=committee).first(),
        paper=paper,
        paper_attachment=PaperAttachment.objects.filter(paper=paper).first(),
        consultation=Consultation.objects.filter(paper=paper).first(),
        numbering=PaperNumbering.objects.filter(municipality=town).first(),
        actor=contact.actor,
        contact=contact,
        survey=survey,
        survey_section=survey.sections.order_by("position").first() if survey else None,
        survey_citation=SurveyCitation.objects.filter(question__section__survey=survey)
        .order_by("pk")
        .first(),
        survey_token=survey_link.make_token() if survey_link else "falsch",
        question=text_answer.question,
        survey_answer=text_answer,
    )


def kwargs_for(name, params, d):
    """The URL's keyword arguments, taken from demo objects; None when it has none."""
    app = name.split(":")[0] if ":" in name else ""
    pk = {
        "concepts:field_detail": d.field,
        "indicators:measurement_delete": d.measurement,
    }.get(name, d.indicator if app == "indicators" else d.measure)
    values = {
        "town": d.town.slug,
        # The public view shows published editions only; a copy is made of an adopted one.
        "edition": (
            d.adopted if name == "concepts:edition_copy" or name.startswith("public") else d.draft
        ).pk,
        "pk": pk.pk,
        "kind": "massnahme" if name.startswith("concepts:history") else "massnahmen",
        "field": d.field.pk,
        "round": (d.reporting_round if app == "indicators" else d.review_round).pk,
        "comment": d.comment.pk,  # the member's own: only its author may edit it
        "actor": d.actor.pk,
        "contact": d.contact.pk,
        "group": d.group.pk,
        "membership": (d.committee_membership if app == "council" else d.group_membership).pk,
        "meeting": (d.committee_meeting if app == "council" else d.meeting).pk,
        "attachment": getattr(d.paper_attachment if app == "council" else d.attachment, "pk", 0),
        "committee": d.committee.pk,
        "paper": d.paper.pk,
        "consultation": d.consultation.pk,
        "numbering": d.numbering.pk,
        "task": d.task.pk,
        "job": d.import_job.pk,
        "token": {
            "participation:invitation_accept": d.invitation_token,
            "indicators:task_report": d.task.make_token() if d.task else "x",
            "participation:survey_answer": d.survey_token,
        }.get(name, "falsch"),
        "survey": d.survey.pk,
        "question": d.question.pk,
        "answer": d.survey_answer.pk,
        "section": getattr(d.survey_section, "pk", 0),
        "citation": getattr(d.survey_citation, "pk", 0),
        "key": d.survey.open_key,
        "uidb64": "MQ",
        "history_id": 0,
        "fmt": "csv",
    }
    missing = set(params) - set(values)
    assert not missing, f"{name}: kwargs_for() kennt {sorted(missing)} noch nicht"
    return {param: values[param] for param in params}


def seed_urls(d):
    """One URL per URL name of the project that is an HTML page."""
    urls = {}
    patterns = dict(_patterns())
    for name in url_names():
        if name in EXEMPT or name.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        try:
            urls[name] = reverse(name, kwargs=kwargs_for(name, patterns[name], d))
        except NoReverseMatch as error:  # pragma: no cover - a new URL needs a kwarg above
            raise AssertionError(f"{name}: {error}") from None
    return urls


def _patterns(resolver=None, namespace=""):
    """(name, its keyword parameters) for every named URL."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            ns = entry.namespace
            prefix = f"{namespace}{ns}:" if ns else namespace
            for name, params in _patterns(entry, prefix):
                yield name, set(entry.pattern.regex.groupindex) | params
        elif entry.name:
            yield f"{namespace}{entry.name}", set(entry.pattern.regex.groupindex)


# Pages this change touched, photographed for a person to look at (screenshots/).
PHOTOGRAPHED = {
    "legal_imprint",
    "legal_accessibility",
    "legal_edit",
    "site_legal_privacy",
    "council:numbering_list",
    "login",
}
# Pages whose template is the same for every kind of element: one of them is enough.
SAME_FOR_EVERY_KIND = {"concepts:element_delete", "concepts:history"}


def page_key(path):
    """What makes a page a kind of its own: its URL name and, for the element forms, the
    kind of element (each has its own form)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    kind = match.kwargs.get("kind")
    if match.view_name in SAME_FOR_EVERY_KIND:
        kind = None
    return (match.view_name, getattr(kind, "slug", kind) or "")


class Crawler:
    def __init__(self, page, base_url):
        self.page = page
        self.base = base_url
        self.violations = {}
        self.visited_names = set()
        self.photographed = set()
        self.count = 0

    def check(self, label):
        found = self.page.evaluate(AXE_RUN, AXE_TAGS) + self.page.evaluate(RAW_MARKUP)
        found += self.phone_width()
        if found:
            self.violations[label] = found
        self.count += 1

    def phone_width(self):
        """The page laid out again at a phone's 390 px: what scrolls sideways (no new load)."""
        desktop = self.page.viewport_size
        self.page.set_viewport_size(PHONE)
        try:
            return self.page.evaluate(PHONE_WIDTH)
        finally:
            self.page.set_viewport_size(desktop)

    def visit(self, path, role):
        """Open the page; True if it is an HTML page this role may see."""
        response = self.page.goto(path)
        if response is None or response.status != 200:
            return False
        if response.request.redirected_from is not None:
            # Sent elsewhere (the login page, the town's start page): that page has its own turn.
            return False
        if "text/html" not in (response.headers.get("content-type") or ""):
            return False
        landed = urlsplit(self.page.url).path
        key = page_key(landed)
        if key is None:
            return False
        self.visited_names.add(key[0])
        self.check(f"{role} {landed}")
        photograph = key[0] in PHOTOGRAPHED and role in ("anonymous", "staff")
        if photograph and (role, key[0]) not in self.photographed:
            self.photographed.add((role, key[0]))
            screenshot_of(self.page, f"a11y-{role}-{key[0].replace(':', '-')}")
        return True

    def links(self):
        found = []
        for href in self.page.evaluate(LINKS):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.base:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
                continue
            found.append(path)
        return found

    def crawl(self, role, seeds, submit_empty=False, by_name_only=False):
        """Visit the seeds and the pages they link to, each kind of page once.

        `by_name_only` visits one page per URL name instead of one per kind of element.
        """
        queue = list(seeds)
        seen_keys, tried = set(), set()
        pages = 0
        while queue and pages < MAX_PAGES_PER_ROLE:
            path = queue.pop(0)
            key = page_key(urlsplit(path).path)
            if key is None or key[0] in EXEMPT or path in tried:
                continue
            if by_name_only:
                key = key[0]
            if key in seen_keys:
                continue
            tried.add(path)
            if not self.visit(path, role):
                continue
            seen_keys.add(key)
            pages += 1
            queue.extend(self.links())
            if submit_empty and (key[0].endswith("_create") or key[0] == "password_change"):
                self.submit_empty(role, path)
        return pages

    def submit_empty(self, role, path):
        with self.page.expect_navigation():
            if not self.page.evaluate(SUBMIT_EMPTY):
                return
        self.check(f"{role} {path} (leer abgeschickt)")


def log_in(page, username, password):
    page.goto("/konto/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


@pytest.mark.crawl
@pytest.mark.django_db(transaction=True)
def test_every_page_for_every_role_has_no_axe_violations(chromium, live_server, demo_db):
    started = time.monotonic()
    demo = demo_objects()
    seeds = seed_urls(demo)
    crawlers = []
    for role, credentials in ROLES.items():
        context = chromium.new_context(
            base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
        )
        context.add_init_script(path=AXE)
        page = context.new_page()
        crawler = Crawler(page, live_server.url)
        crawlers.append((role, crawler))
        if credentials is None:
            # The interesting states of the login page: a wrong password.
            crawler.visit("/konto/login/", role)
            page.locator("#id_username").fill("niemand")
            page.locator("#id_password").fill("falsch")
            with page.expect_navigation():
                page.locator("main form [type=submit]").click()
            crawler.check("anonymous /konto/login/ (falsches Passwort)")
        else:
            log_in(page, *credentials)
        # The superuser sees the staff's pages with another header: one page per URL name.
        pages = crawler.crawl(
            role,
            seeds.values(),
            submit_empty=role in ("staff", "member"),
            by_name_only=role == "superuser",
        )
        if role == "staff":
            # A success message, and the import preview that only an upload reaches.
            page.goto(reverse("legal_edit", kwargs={"town": "rheine"}))
            with page.expect_navigation():
                page.get_by_role("button", name="Rechtliche Angaben speichern").click()
            assert page.get_by_text("Die rechtlichen Angaben sind gespeichert.").is_visible()
            crawler.check("staff Erfolgsmeldung")
            screenshot_of(page, "a11y-success-message")
            upload_indicator_values(page, demo)
            crawler.visited_names.add(page_key(urlsplit(page.url).path)[0])
            crawler.check("staff Importvorschau")
            upload_word_concept(page)
            crawler.visited_names.add(page_key(urlsplit(page.url).path)[0])
            crawler.check("staff Vorschau des Word-Imports")
        print(f"{role}: {pages} Seiten, {crawler.count} Prüfungen")  # noqa: T201
        context.close()

    violations = {}
    for _role, crawler in crawlers:
        violations.update(crawler.violations)
    report = "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in violations.items())
    assert not violations, f"axe-core findet Verstöße:\n{report}"

    visited = set().union(*(crawler.visited_names for _role, crawler in crawlers))
    expected = {
        name
        for name in url_names()
        if name not in EXEMPT and name.split(":")[0] not in EXEMPT_NAMESPACES
    }
    assert sorted(expected - visited) == [], "Seiten, die keine Rolle erreicht hat"
    elapsed = time.monotonic() - started
    print(f"{sum(c.count for _r, c in crawlers)} axe-Prüfungen in {elapsed:.0f} s")  # noqa: T201


def screenshot_of(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def upload_indicator_values(page, demo):
    page.goto(
        reverse("indicators:import_upload", kwargs={"town": "rheine", "edition": demo.draft.pk})
    )
    data = spreadsheet(
        [
            ["Indikator", "Bezeichnung", "Einheit", "Zeitraum", "Aufschlüsselung", "Wert"],
            [demo.indicator.code, demo.indicator.name, "Personen", "2025", None, 123],
        ]
    )
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "werte.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_role("heading", name="Vorschau des Imports").is_visible()


def upload_word_concept(page):
    from tests.concepts.word.shapes import keywords_only

    page.goto(reverse("concepts:word_upload", kwargs={"town": "rheine"}))
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "konzept.docx",
                "mimeType": "application/octet-stream",
                "buffer": keywords_only(),
            }
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_role("heading", name="Vorschau des Word-Imports").is_visible()


@pytest.mark.django_db(transaction=True)
def test_the_check_finds_violations(chromium, live_server):
    """The crawler's check is not blind: a page with known faults fails it."""
    # The test page styles its badges inline; the site's CSP would (rightly) refuse that.
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/konto/login/")
    page.set_content(
        '<html><body><img src="x.png"><a href="/"></a>'
        '<p class="text-muted">x</p><input type="text"></body></html>'
    )
    page.evaluate(AXE.read_text())
    found = " ".join(page.evaluate(AXE_RUN, AXE_TAGS))
    page.set_content(
        '<html lang="de"><body><main><p>Wartezeit **acht Monaten**</p><p>{{ title }}</p>'
        '<p class="form-text">Markdown: **fett**</p>'
        '<span class="badge" style="color:#fff;background:transparent">übernommen</span>'
        '<span class="badge" style="color:#10512a;background:#d8f0de">erreicht</span>'
        "</main></body></html>"
    )
    raw = page.evaluate(RAW_MARKUP)
    context.close()
    for rule in ("image-alt", "link-name", "html-has-lang", "label"):
        assert rule in found
    assert any("**acht Monaten**" in item for item in raw)
    assert any("{{" in item for item in raw)
    assert not any("fett" in item for item in raw), "Hilfetexte zeigen die Syntax absichtlich"
    assert [item for item in raw if "Abzeichen" in item] == [
        "Abzeichen „übernommen“ kaum lesbar (Kontrast 1.0:1)"
    ]


@pytest.mark.django_db(transaction=True)
def test_the_phone_check_finds_wide_pages_and_bare_tables(chromium, live_server):
    """The phone-width check is not blind: a too-wide line and a bare table fail it, a table
    in a scroll box passes."""
    # The test page styles its box inline; the site's CSP would (rightly) refuse that.
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto("/konto/login/")
    wide_table = "<table><caption>{}</caption><tr>" + "<td>Spalte</td>" * 60 + "</tr></table>"
    page.set_content(
        '<html lang="de"><body><main>'
        '<div class="table-responsive" style="overflow-x:auto">'
        + wide_table.format("im Kasten")
        + "</div>"
        + wide_table.format("nackt")
        + "</main></body></html>"
    )
    found = page.evaluate(PHONE_WIDTH)
    assert any(item.startswith("Seite ") and "390 px" in item for item in found), found
    assert "Tabelle „nackt“ ohne Scrollbereich" in found
    assert not any("im Kasten" in item for item in found)
    page.set_content('<html lang="de"><body><main><p>kurz</p></main></body></html>')
    assert page.evaluate(PHONE_WIDTH) == []
    context.close()
