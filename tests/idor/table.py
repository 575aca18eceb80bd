"""The IDOR table: every URL with an object id in it, asked with ids the person may not use.

A `Spec` names a URL and which object of a town fills each id kwarg; `cases()` turns it into
requests of five kinds, each made as every role it applies to:

- `fremde-kommune`: every id from the other town, under the person's own town slug (outsider:
  their own town is Emmerich, the "other" one Rheine) → 404 (anonymous: login page);
- `fremde-kommune-gemischt`: the parent from the own town, the last id from the other one → 404;
- `fremde-kommune-deren-slug`: the other town's object under its own slug, as a person without a
  role there → 403 (anonymous: login page);
- `falscher-elternteil`: the child of another parent of the same town (a comment of round B
  under round A, a contact of another actor, …) → 404;
- `fremde-gruppe`: the member of working group A asks for group B's meeting, attachment, round,
  comment → 403/404.

Never data: besides the status, no response may contain the other object's marker
(`FREMDOBJEKT-…`), and a POST must leave the database as it was.
"""

import datetime
from dataclasses import dataclass, field
from typing import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from tests.idor.world import HISTORY_KINDS, PDF_BYTES, ROLES

GET, POST = "get", "post"


def pick(side, path):
    value = side
    for part in path.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


def as_kwarg(value):
    return value.pk if isinstance(value, models.Model) else value


def plausible_data(world, home):
    """Values for the usual form fields: a POST that gets past the id check would save."""
    return {
        "title": "IDOR-ÄNDERUNG",
        "name": "IDOR-ÄNDERUNG",
        "subject": "IDOR-ÄNDERUNG",
        "text": "IDOR-ÄNDERUNG",
        "body": "IDOR-ÄNDERUNG",
        "motto": "IDOR-ÄNDERUNG",
        "description": "IDOR-ÄNDERUNG",
        "person_name": "IDOR-ÄNDERUNG",
        "answer": "IDOR-ÄNDERUNG",
        "disposition": "accepted",
        "email": "idor@example.org",
        "code": "IDOR",
        "unit": "percent",
        "status": "running",
        "paragraph": "1",
        "period": "2024",
        "value": "42",
        "position": "1",
        "direction": "down",
        "role": "member",
        "user": str(world.users["council"].pk),
        "result": "adopted_unchanged",
        "votes_yes": "1",
        "votes_no": "0",
        "votes_abstain": "0",
        "date": "2026-05-04",
        "starts_at": "2026-05-04 17:00",
        "deadline": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        "reference_date": "2025-12-31",
        "adopted_on": "2026-05-04",
        "number": "IDOR/1",
        "pattern": "IDOR/{nr:04d}/{jahr}",
        "number_kind": "BV",
        "kind": "committee",
        "proposer": "IDOR",
        "author_office": "IDOR",
        "proposal_points": "IDOR",
        "confirm": "on",
        "file": SimpleUploadedFile("idor.pdf", PDF_BYTES, content_type="application/pdf"),
    }


@dataclass
class Spec:
    """One URL: which attribute of a town's objects fills each id kwarg."""

    name: str
    ids: dict
    method: str = GET
    const: dict = field(default_factory=dict)  # kwargs that are no object ids (kind, fmt, token)
    wrong_parent: dict = field(default_factory=dict)  # kwarg → another parent's child
    group: dict = field(default_factory=dict)  # kwarg → group B's object (member of A asks)
    # Link-is-the-credential views (invitations, reporting links) are public under the own slug.
    under_own_slug: bool = True
    data: Callable = plausible_data
    query: Callable = None  # (home, away) → "?…"

    def kwargs(self, town, side, overrides=None, override_side=None):
        values = {"town": town.slug, **self.const}
        for kwarg, path in self.ids.items():
            values[kwarg] = as_kwarg(pick(side, path))
        for kwarg, path in (overrides or {}).items():
            values[kwarg] = as_kwarg(pick(override_side, path))
        return values


@dataclass
class Case:
    spec: Spec
    scenario: str
    roles: list
    # role → (kwargs, the side whose objects must not show, the marker, the objects to compare)
    build: Callable

    def __str__(self):
        return f"{self.spec.method.upper()} {self.spec.name} {self.scenario}"


def sides(world, role):
    """(the person's own town, the other town)."""
    if role == "outsider":
        return world.emmerich, world.rheine
    return world.rheine, world.emmerich


def objects_of(side, paths):
    return [pick(side, path) for path in paths.values()]


def cases(spec):
    found = []
    ids = list(spec.ids)

    def foreign(world, role):
        home, away = sides(world, role)
        return (
            spec.kwargs(home.town, away),
            away.marker,
            objects_of(away, spec.ids),
            home,
            away,
        )

    found.append(Case(spec, "fremde-kommune", ROLES, foreign))
    if len(ids) > 1:
        last = ids[-1]

        def mixed(world, role):
            home, away = sides(world, role)
            kwargs = spec.kwargs(home.town, home, {last: spec.ids[last]}, away)
            return kwargs, away.marker, [pick(away, spec.ids[last])], home, away

        found.append(Case(spec, "fremde-kommune-gemischt", ROLES, mixed))
    if spec.under_own_slug:

        def own_slug(world, role):
            home, away = sides(world, role)
            return (
                spec.kwargs(away.town, away),
                away.marker,
                objects_of(away, spec.ids),
                home,
                away,
            )

        roles = [role for role in ROLES if role != "superuser"]
        found.append(Case(spec, "fremde-kommune-deren-slug", roles, own_slug))
    if spec.wrong_parent:

        def wrong_parent(world, role):
            home = world.rheine
            kwargs = spec.kwargs(home.town, home, spec.wrong_parent, home)
            children = objects_of(home, spec.wrong_parent)
            return kwargs, marker_of(children[0]), children, home, world.emmerich

        found.append(Case(spec, "falscher-elternteil", ROLES, wrong_parent))
    if spec.group:

        def other_group(world, role):
            home = world.rheine
            kwargs = spec.kwargs(home.town, home, spec.group, home)
            return kwargs, home.mark("B-"), objects_of(home, spec.group), home, world.emmerich

        found.append(Case(spec, "fremde-gruppe", ["member"], other_group))
    return found


def marker_of(obj):
    """The FREMDOBJEKT marker in one of the object's text fields, if it has one."""
    if not isinstance(obj, models.Model):
        return None
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname, None)
        if isinstance(value, str) and "FREMDOBJEKT-" in value:
            start = value.index("FREMDOBJEKT-")
            return value[start:].split()[0].split(".")[0]
    return None


def elements(kinds):
    return {kind: f"elements.{kind}" for kind in kinds}


EDITING_KINDS = [
    "leitbild",
    "leitsaetze",
    "kapitel",
    "querschnittsthemen",
    "handlungsfelder",
    "unterthemen",
    "schwerpunkte",
    "abschnitte",
    "leitziele",
    "handlungsziele",
    "massnahmen",
    "umsetzungsmarker",
    "traeger",
]

E = {"edition": "edition"}
IND = {"pk": "indicator"}
RR = {"round": "reporting_round"}
ROUND = {"round": "round"}
COMMENT = {"round": "round", "comment": "comment"}
COMMENT_OF_B = {"round": "round_b", "comment": "comment_b"}
ACTOR = {"actor": "actor"}
SURVEY = {"survey": "survey"}
SURVEY_QUESTION = {"survey": "survey", "question": "survey_question"}
CONTACT = {"actor": "actor", "contact": "contact"}
GROUP = {"group": "group"}
MEETING = {"meeting": "meeting"}
ATTACHMENT = {"meeting": "meeting", "attachment": "attachment"}
ATTACHMENT_OF_B = {"meeting": "meeting_b", "attachment": "attachment_b"}
COMMITTEE = {"committee": "committee"}
SESSION = {"meeting": "committee_meeting"}
PAPER = {"paper": "paper"}
CONSULTATION = {"consultation": "consultation"}

SPECS = [
    # --- concepts -----------------------------------------------------------------------------
    Spec("concepts:edition_detail", E),
    Spec("concepts:tree", E),
    Spec("concepts:gaps", E),
    # Withdrawing another town's publication would be a write through a foreign id.
    Spec(
        "concepts:edition_publish",
        {"edition": "public_edition"},
        POST,
        data=lambda world, home: {"public": "0"},
    ),
    Spec("concepts:field_detail", {**E, "pk": "field"}, wrong_parent={"pk": "field2"}),
    Spec("concepts:measure_detail", {**E, "pk": "measure"}, wrong_parent={"pk": "measure2"}),
    Spec("concepts:element_create", E, const={"kind": "massnahmen"}),
    Spec("concepts:element_create", E, POST, const={"kind": "massnahmen"}),
    *[
        Spec(
            "concepts:element_update",
            {**E, "pk": f"elements.{kind}"},
            method,
            const={"kind": kind},
            wrong_parent={"pk": f"elements2.{kind}"},
        )
        for kind in EDITING_KINDS
        for method in (GET, POST)
    ],
    *[
        Spec(
            "concepts:element_delete",
            {**E, "pk": f"elements.{kind}"},
            POST,
            const={"kind": kind},
            wrong_parent={"pk": f"elements2.{kind}"},
        )
        for kind in EDITING_KINDS
    ],
    Spec(
        "concepts:element_delete",
        {**E, "pk": "elements.massnahmen"},
        const={"kind": "massnahmen"},
        wrong_parent={"pk": "elements2.massnahmen"},
    ),
    *[
        Spec(
            "concepts:element_move",
            {**E, "pk": f"elements.{kind}"},
            POST,
            const={"kind": kind},
            wrong_parent={"pk": f"elements2.{kind}"},
            data=lambda world, home: {"direction": "down"},
        )
        for kind in ("massnahmen", "handlungsfelder", "traeger")
    ],
    *[
        Spec(
            "concepts:history",
            {**E, "pk": f"elements.{slug}"},
            const={"kind": kind},
            wrong_parent={"pk": f"elements2.{slug}"},
        )
        for kind, slug in HISTORY_KINDS.items()
    ],
    Spec(
        "concepts:history",
        {**E, "pk": "edition"},
        const={"kind": "fassung"},
        wrong_parent={"pk": "edition2"},
    ),
    Spec(
        "concepts:history_restore",
        {**E, "pk": "measure", "history_id": "history.massnahme"},
        const={"kind": "massnahme"},
        wrong_parent={"history_id": "history2.massnahme"},
    ),
    Spec(
        "concepts:history_restore",
        {**E, "pk": "measure", "history_id": "history.massnahme"},
        POST,
        const={"kind": "massnahme"},
        wrong_parent={"history_id": "history2.massnahme"},
    ),
    Spec("concepts:edition_copy", E),
    Spec("concepts:edition_copy", E, POST),
    Spec("concepts:edition_compare", E),
    Spec(
        "concepts:edition_compare",
        E,
        query=lambda home, away: f"?mit={away.edition2.pk}",
    ),
    Spec("concepts:assessment", E),
    Spec("concepts:assessment_edit", E),
    Spec("concepts:assessment_edit", E, POST),
    Spec("concepts:predecessor_match", E),
    Spec("concepts:predecessor_match", E, POST),
    Spec("concepts:edition_export", E),
    Spec("import_job", {"job": "import_job"}),
    Spec("import_job", {"job": "import_job"}, POST),
    Spec("concepts:measures_xlsx", E),
    Spec("concepts:measures_csv", E),
    Spec("concepts:edition_pdf", E),
    Spec("concepts:edition_docx", E),
    # --- the public view: another town's published edition is public under its own slug only --
    Spec("public:edition", {"edition": "public_edition"}, under_own_slug=False),
    Spec(
        "public:field",
        {"edition": "public_edition", "pk": "public_field"},
        wrong_parent={"pk": "field"},
        under_own_slug=False,
    ),
    Spec("public:edition_pdf", {"edition": "public_edition"}, under_own_slug=False),
    Spec("public_indicators:facts", {"edition": "public_edition"}, under_own_slug=False),
    Spec(
        "public:chapter",
        {"edition": "public_edition", "pk": "public_chapter"},
        wrong_parent={"pk": "draft_chapter_a"},
        under_own_slug=False,
    ),
    # --- indicators ---------------------------------------------------------------------------
    Spec("indicators:indicator_detail", IND),
    Spec("indicators:indicator_chart", IND),
    Spec("indicators:indicator_update", IND),
    Spec("indicators:indicator_update", IND, POST),
    Spec("indicators:indicator_delete", IND),
    Spec("indicators:indicator_delete", IND, POST),
    Spec("indicators:measurement_create", IND, POST),
    Spec("indicators:measurement_delete", {"pk": "measurement"}, POST),
    Spec("indicators:indicator_create", E),
    Spec("indicators:indicator_create", E, POST),
    Spec(
        "indicators:measurement_table",
        {**E, "field": "field"},
        wrong_parent={"field": "field2"},
    ),
    Spec(
        "indicators:measurement_table",
        {**E, "field": "field"},
        POST,
        wrong_parent={"field": "field2"},
        query=lambda home, away: "?zeitraum=2024",
        data=lambda world, home: {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-indicator": str(home.indicator.pk),
            "form-0-value": "77",
        },
    ),
    Spec("indicators:import_template", E, const={"fmt": "csv"}),
    Spec("indicators:facts", E),
    Spec("indicators:import_upload", E),
    Spec("indicators:import_upload", E, POST),
    Spec("indicators:import_preview", E, const={"token": "x"}),
    Spec("indicators:import_preview", E, POST, const={"token": "x"}),
    Spec("indicators:round_detail", RR),
    Spec("indicators:round_remind_all", RR, POST),
    Spec(
        "indicators:round_remind",
        {**RR, "task": "task"},
        POST,
        wrong_parent={"task": "task2"},
    ),
    Spec("indicators:round_close", RR, POST),
    Spec("indicators:round_report", RR),
    Spec("indicators:task_report", {"token": "task_token"}, under_own_slug=False),
    Spec("indicators:task_report", {"token": "task_token"}, POST, under_own_slug=False),
    # --- participation: review ----------------------------------------------------------------
    Spec("participation:review_round_detail", ROUND, group={"round": "round_b"}),
    Spec(
        "participation:review_comment_create",
        ROUND,
        POST,
        group={"round": "round_b"},
        data=lambda world, home: {"text": "IDOR-ÄNDERUNG", "paragraph": "1"},
    ),
    *[
        Spec(
            f"participation:review_comment_{action}",
            COMMENT,
            method,
            wrong_parent={"comment": "comment_b"},
            group=COMMENT_OF_B,
        )
        for action, method in [
            ("update", GET),
            ("update", POST),
            ("withdraw", POST),
            ("answer", GET),
            ("answer", POST),
        ]
    ],
    Spec("participation:review_round_close", ROUND, POST, group={"round": "round_b"}),
    Spec("participation:review_synopsis_xlsx", ROUND, group={"round": "round_b"}),
    Spec("participation:review_synopsis_pdf", ROUND, group={"round": "round_b"}),
    # --- participation: surveys -----------------------------------------------------------------
    *[
        Spec(f"participation:{name}", SURVEY, method)
        for name, method in [
            ("survey_detail", GET),
            ("survey_update", GET),
            ("survey_update", POST),
            ("survey_section_create", POST),
            ("survey_question_create", GET),
            ("survey_question_create", POST),
            ("survey_preview", GET),
            ("survey_invite", POST),
            ("survey_remind", POST),
            ("survey_close", POST),
            ("survey_results", GET),
            ("survey_texts", GET),
            ("survey_export_csv", GET),
            ("survey_export_xlsx", GET),
            ("survey_summary_xlsx", GET),
            ("survey_pdf", GET),
        ]
    ],
    *[
        Spec(
            f"participation:{name}",
            SURVEY_QUESTION,
            method,
            wrong_parent={"question": "survey_question2"},
        )
        for name, method in [
            ("survey_question_update", GET),
            ("survey_question_update", POST),
            ("survey_question_delete", POST),
            ("survey_citation_create", POST),
        ]
    ],
    *[
        Spec(
            f"participation:{name}",
            {**SURVEY, "section": "survey_section"},
            method,
            wrong_parent={"section": "survey_section2"},
        )
        for name, method in [
            ("survey_section_update", GET),
            ("survey_section_update", POST),
            ("survey_section_move", POST),
            ("survey_section_delete", GET),
            ("survey_section_delete", POST),
        ]
    ],
    Spec(
        "participation:survey_citation_delete",
        {**SURVEY, "citation": "survey_citation"},
        POST,
        wrong_parent={"citation": "survey_citation2"},
    ),
    Spec(
        "participation:survey_answer_tag",
        {**SURVEY, "answer": "survey_answer"},
        POST,
        wrong_parent={"answer": "survey_answer2"},
    ),
    Spec("participation:survey_answer", {"token": "survey_token"}, under_own_slug=False),
    Spec("participation:survey_answer", {"token": "survey_token"}, POST, under_own_slug=False),
    Spec("participation:survey_answer_open", {"key": "survey_key"}, under_own_slug=False),
    Spec("participation:survey_answer_open", {"key": "survey_key"}, POST, under_own_slug=False),
    # --- participation: actors, groups, meetings ----------------------------------------------
    Spec("participation:actor_detail", ACTOR),
    Spec("participation:actor_update", ACTOR),
    Spec("participation:actor_update", ACTOR, POST),
    Spec("participation:actor_delete", ACTOR),
    Spec("participation:actor_delete", ACTOR, POST),
    Spec("participation:contact_create", ACTOR),
    Spec("participation:contact_create", ACTOR, POST),
    Spec("participation:contact_update", CONTACT, wrong_parent={"contact": "contact2"}),
    Spec("participation:contact_update", CONTACT, POST, wrong_parent={"contact": "contact2"}),
    Spec("participation:contact_delete", CONTACT, wrong_parent={"contact": "contact2"}),
    Spec("participation:contact_delete", CONTACT, POST, wrong_parent={"contact": "contact2"}),
    Spec("participation:group_detail", GROUP),
    Spec("participation:group_update", GROUP),
    Spec("participation:group_update", GROUP, POST),
    Spec("participation:group_delete", GROUP),
    Spec("participation:group_delete", GROUP, POST),
    Spec("participation:group_member_add", GROUP, POST),
    Spec(
        "participation:group_member_remove",
        {**GROUP, "membership": "group_membership"},
        POST,
        wrong_parent={"membership": "group_b_membership"},
    ),
    Spec("participation:invitation_create", GROUP),
    Spec("participation:invitation_create", GROUP, POST),
    Spec("participation:invitation_accept", {"token": "invitation_token"}, under_own_slug=False),
    Spec(
        "participation:invitation_accept",
        {"token": "invitation_token"},
        POST,
        under_own_slug=False,
    ),
    Spec("participation:meeting_detail", MEETING, group={"meeting": "meeting_b"}),
    Spec("participation:meeting_update", MEETING),
    Spec("participation:meeting_update", MEETING, POST),
    Spec("participation:meeting_delete", MEETING),
    Spec("participation:meeting_delete", MEETING, POST),
    Spec("participation:meeting_ics", MEETING, group={"meeting": "meeting_b"}),
    Spec("participation:attachment_upload", MEETING, POST, group={"meeting": "meeting_b"}),
    Spec(
        "participation:attachment_download",
        ATTACHMENT,
        wrong_parent={"attachment": "attachment_b"},
        group=ATTACHMENT_OF_B,
    ),
    Spec(
        "participation:attachment_delete",
        ATTACHMENT,
        POST,
        wrong_parent={"attachment": "attachment_b"},
    ),
    # --- council ------------------------------------------------------------------------------
    Spec("council:committee_detail", COMMITTEE),
    Spec("council:committee_update", COMMITTEE),
    Spec("council:committee_update", COMMITTEE, POST),
    Spec("council:membership_create", COMMITTEE),
    Spec("council:membership_create", COMMITTEE, POST),
    Spec(
        "council:membership_update",
        {**COMMITTEE, "membership": "committee_membership"},
        wrong_parent={"membership": "committee_membership2"},
    ),
    Spec(
        "council:membership_update",
        {**COMMITTEE, "membership": "committee_membership"},
        POST,
        wrong_parent={"membership": "committee_membership2"},
    ),
    Spec("council:meeting_create", COMMITTEE),
    Spec("council:meeting_create", COMMITTEE, POST),
    Spec("council:meeting_detail", SESSION),
    Spec("council:meeting_update", SESSION),
    Spec("council:meeting_update", SESSION, POST),
    Spec("council:paper_detail", PAPER),
    Spec("council:paper_update", PAPER),
    Spec("council:paper_update", PAPER, POST),
    Spec("council:paper_pdf", PAPER),
    Spec("council:paper_docx", PAPER),
    Spec("council:paper_package_pdf", PAPER),
    Spec("council:consultation_create", PAPER),
    Spec("council:consultation_create", PAPER, POST),
    Spec("council:consultation_update", CONSULTATION),
    Spec("council:consultation_update", CONSULTATION, POST),
    Spec("council:consultation_delete", CONSULTATION, POST),
    Spec("council:consultation_result", CONSULTATION),
    Spec("council:consultation_result", CONSULTATION, POST),
    Spec("council:consultation_revert", CONSULTATION),
    Spec("council:consultation_revert", CONSULTATION, POST),
    Spec("council:amendment_create", CONSULTATION),
    Spec("council:amendment_create", CONSULTATION, POST),
    Spec("council:attachment_create", PAPER),
    Spec("council:attachment_create", PAPER, POST),
    Spec("council:attachment_download", {"attachment": "paper_attachment"}),
    Spec("council:attachment_delete", {"attachment": "paper_attachment"}, POST),
    Spec("council:numbering_update", {"numbering": "numbering"}),
    Spec("council:numbering_update", {"numbering": "numbering"}, POST),
    # --- Ratsinformationssystem ----------------------------------------------------------------
    Spec("ris:paper", PAPER),
    Spec("ris:paper", PAPER, POST),
    Spec("ris:paper_preview", PAPER),
    Spec("ris:paper_preview", PAPER, POST),
    Spec("ris:paper_unlink", PAPER, POST),
]

CASES = [case for spec in SPECS for case in cases(spec)]


# --- OParl: public by design, but never what is not public ----------------------------------
# Meetings, bodies, members and terms are public facts (docs/oparl.md); drafts, non-public
# consultations and files of unpublished papers are 404; non-public agenda items appear
# reduced, without their title.


@dataclass
class PublicSpec:
    name: str
    path: str  # the object of Rheine that fills `pk`
    scenario: str  # "nicht-oeffentlich" → 404; "reduziert" and "oeffentlich" → 200
    marker: Callable = None  # side → what must not appear
    method: str = GET
    query: Callable = None
    data: Callable = None
    spec_kwarg: str = "pk"

    @property
    def spec(self):
        return self

    def case(self):
        def build(world, role):
            side = world.rheine
            value = as_kwarg(pick(side, self.path))
            kwargs = {self.spec_kwarg: value}
            if self.spec_kwarg == "person":
                kwargs["town"] = world.emmerich.slug
            marker = self.marker(side) if self.marker else marker_of(pick(side, self.path))
            return kwargs, marker, [], side, world.emmerich

        return Case(self, self.scenario, ROLES, build)


def email_of_member(side):
    return side.committee_membership.user.email


PUBLIC_SPECS = [
    PublicSpec("oparl:paper", "draft", "nicht-oeffentlich"),
    PublicSpec("oparl:paper_main_file", "draft", "nicht-oeffentlich"),
    PublicSpec("oparl:paper_main_file_access", "draft", "nicht-oeffentlich"),
    PublicSpec("oparl:paper_main_file_download", "draft", "nicht-oeffentlich"),
    PublicSpec("oparl:file", "draft_attachment", "nicht-oeffentlich"),
    PublicSpec("oparl:file_access", "draft_attachment", "nicht-oeffentlich"),
    PublicSpec("oparl:file_download", "draft_attachment", "nicht-oeffentlich"),
    PublicSpec("oparl:consultation", "hidden_consultation", "nicht-oeffentlich"),
    PublicSpec("oparl:location", "closed_meeting", "nicht-oeffentlich"),
    PublicSpec("oparl:agenda_item", "secret_item", "reduziert"),
    PublicSpec("oparl:agenda_item", "closed_item", "reduziert"),
    PublicSpec("oparl:meeting", "closed_meeting", "reduziert", lambda s: s.mark("geheimer-top")),
    PublicSpec(
        "oparl:meeting", "committee_meeting", "reduziert", lambda s: s.mark("nichtoeffentlicher")
    ),
    PublicSpec(
        "oparl:organization_meetings", "committee", "reduziert", lambda s: s.mark("geheimer-top")
    ),
    # Council members are public office holders, their accounts are not.
    PublicSpec("oparl:organization", "committee", "oeffentlich", email_of_member),
    PublicSpec("oparl:membership", "committee_membership", "oeffentlich", email_of_member),
    PublicSpec("oparl:legislative_term", "term", "oeffentlich", email_of_member),
    # Rheine's person under Emmerich's body: not found.
    PublicSpec(
        "oparl:person",
        "person_slug",
        "nicht-oeffentlich",
        lambda s: s.mark("fraktion"),
        spec_kwarg="person",
    ),
]

CASES += [spec.case() for spec in PUBLIC_SPECS]
