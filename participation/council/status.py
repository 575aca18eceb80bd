"""Where a Vorlage stands in its Gremienweg, in words, and how the decision differs from it."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from participation.models import Consultation

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from participation.models import Committee, Paper

# A step with one of these results does not end the path: the body meets again.
OPEN_RESULTS = {Consultation.Result.POSTPONED, Consultation.Result.REFERRED}
FEMININE_ENDINGS = ("schaft", "kommission", "versammlung", "vertretung", "konferenz", "gruppe")


def in_body(committee: Committee) -> str:
    """„im Rat der Stadt Rheine“, „in der Bürgerschaft“, „in der Integrationskommission“."""
    first_word = committee.name.split()[0].lower()
    if first_word.endswith(FEMININE_ENDINGS):
        return _("in der %(committee)s") % {"committee": committee.name}
    return _("im %(committee)s") % {"committee": committee.name}


def papers_with_path(queryset: QuerySet[Paper], *, public: bool = False) -> list[Paper]:
    """Papers with `.path` (their consultations in order) and `.path_done`; 2 queries.

    `public=True` keeps only the public steps (`Consultation.objects.public()`).
    """
    consultations = Consultation.objects.public() if public else Consultation.objects.all()
    consultations = consultations.select_related(
        "committee", "meeting", "agenda_item"
    ).prefetch_related("amendments")
    papers = list(
        queryset.prefetch_related(Prefetch("consultations", queryset=consultations, to_attr="path"))
    )
    for paper in papers:
        paper.path_done = bool(paper.path) and all(
            c.result and c.result not in OPEN_RESULTS for c in paper.path
        )
        paper.state_text = paper_state(paper)
        paper.next_consultation = next((c for c in paper.path if not c.result), None)
    return papers


def paper_state(paper: Paper) -> str:
    """E.g. „im Sozialausschuss vorberaten, Entscheidung im Rat der Stadt Rheine am 30.08.2018“."""
    path = paper.path if hasattr(paper, "path") else list(paper.consultations.all())
    if not path:
        return _("Gremienweg noch nicht festgelegt")
    # Steps left without a result before a later decided one were skipped (e.g. a body that
    # did not take the item up); they say nothing about the state any more.
    last_done = max((i for i, c in enumerate(path) if c.result), default=-1)
    path = [c for i, c in enumerate(path) if c.result or i > last_done]
    parts = []
    for consultation in path:
        where = in_body(consultation.committee)
        when = (
            _(" am %(date)s") % {"date": f"{consultation.date:%d.%m.%Y}"}
            if consultation.date
            else ""
        )
        if consultation.result:
            parts.append(f"{where}{when} {consultation.get_result_display()}")
            continue
        parts.append(_open_step(consultation))
        if not consultation.authoritative:
            later = path[path.index(consultation) + 1 :]
            decision = next((c for c in later if c.authoritative), None)
            if decision is not None:
                parts.append(_open_step(decision))
        break
    return ", ".join(parts)


def _open_step(consultation):
    where = in_body(consultation.committee)
    if consultation.date:
        when = _(" am %(date)s") % {"date": f"{consultation.date:%d.%m.%Y}"}
    else:
        when = _(" (Termin offen)")
    step = _("Entscheidung") if consultation.authoritative else consultation.get_role_display()
    return f"{step} {where}{when}"


TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def decision_diff(proposal: str, decision: str) -> SafeString | None:
    """How a decision's wording departs from the proposal, as `word_diff` HTML; None where no
    wording was recorded or it says the same as the proposal (spacing and line breaks aside), so
    that page and PDF show no "Abweichung" that is none."""
    if not decision or (proposal or "").split() == decision.split():
        return None
    return word_diff(proposal, decision)


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with words removed from `old` in <del> and added ones in <ins>."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    html = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            html.append(escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            html.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            html.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped above
