"""The fields of the whole-concept page as HTML, written in Python rather than through templates.

At 640 measures the page is about 600 kB of HTML made of ~1,800 template includes and ~25,000
variable look-ups; Django's template engine needs 150–400 ms for that, which every edit pays
again (the cached body's key changes with the content). This module writes the same HTML with
plain string joins, with everything that is the same for every node (translations, the URL
prefixes, the `next=` parameter, the CSRF field) worked out once per render: about a tenth
of the time.

The templates stay the reference: `concepts/includes/goal_tree.html`, `operational_node.html`,
`measure_row.html`, `progress.html`, `controls.html`, `field_elements.html` (the field page
still renders them), and `tests/concepts/editing/test_tree_html.py` renders a concept with the
templates and with this module and requires the same bytes. Change both together.

The module's own source is part of the tree page's fingerprint (`concepts.tree`), so a change
here never serves a body cached by the previous code.
"""

from __future__ import annotations

from html import escape as _escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import gettext as _

from concepts.models import Measure
from concepts.tree import FieldNode, Progress, Tree

# Stands for a primary key while a URL is reversed once per render (then split around it).
_PK = 987_654_321


def esc(value) -> str:
    """What `{{ value }}` writes: django.utils.html.escape (html.escape, quotes included)."""
    return _escape(str(value))


class _Url:
    """A URL with one primary key, reversed once: `url(pk)` costs a string join."""

    def __init__(self, name, *args):
        head, _sep, tail = reverse(name, args=[*args, _PK]).partition(str(_PK))
        self.head, self.tail = esc(head), esc(tail)

    def __call__(self, pk) -> str:
        return f"{self.head}{pk}{self.tail}"


class TreeHtml:
    """Writes `tree.fields` as the loop in `concepts/includes/tree_body.html` used to (the
    page never shows `details`: those are the field page's, still rendered by templates).

    `context` is the body's template context: municipality, edition, can_edit, move_target,
    csrf_token, request.
    """

    def __init__(self, tree: Tree, context):
        self.tree = tree
        municipality, edition = context["municipality"], context["edition"]
        request = context["request"]
        self.editable = bool(context.get("can_edit")) and not edition.is_locked
        self.move_target = context.get("move_target") or ""
        town, ed = municipality.slug, edition.pk
        full_path = request.get_full_path()
        self.next_param = esc(quote(full_path, safe="/"))
        self.full_path = esc(full_path)
        csrf = context.get("csrf_token")
        self.csrf_field = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf)}">'
            if csrf and csrf != "NOTPROVIDED"
            else ""
        )
        self.field_url = _Url("concepts:field_detail", town, ed)
        self.measure_url = _Url("concepts:measure_detail", town, ed)
        self.kinds = {}
        if self.editable:
            for kind in ("handlungsfelder", "leitziele", "handlungsziele"):
                self.kinds[kind] = (
                    _Url("concepts:element_update", town, ed, kind),
                    _Url("concepts:element_move", town, ed, kind),
                    _Url("concepts:element_delete", town, ed, kind),
                )
            self.create_url = {
                kind: esc(reverse("concepts:element_create", args=[town, ed, kind]))
                for kind in ("leitziele", "massnahmen", "handlungsziele")
            }
        # The translations every node repeats.
        self.t = {
            "field_page": _("Seite des Handlungsfelds"),
            "themes": _("Querschnittsthemen:"),
            "empty": _("Noch keine Ziele und Maßnahmen."),
            "add_sg": _("Leitziel"),
            "add_loose": _("Maßnahme ohne Zielzuordnung"),
            "direct": _("Maßnahmen direkt zum Leitziel"),
            "loose_ops": _("Handlungsziele ohne Leitziel"),
            "unassigned": _("Maßnahmen ohne Zielzuordnung"),
            "also": _("dient auch Leitziel"),
            "no_measure": _("Noch keine Maßnahme."),
            "flagship": _("Leitprojekt"),
            "lead": _("Träger:"),
            "missing": _("fehlt"),
            "partners": _("beteiligt:"),
            "edit": _("Bearbeiten"),
            "delete": _("Löschen"),
            "up": _("nach oben"),
            "down": _("nach unten"),
            "sg_label": _("Leitziel "),
            "og_label": _("Handlungsziel "),
        }
        self.sg_number = _("Leitziel %(number)s")
        self.og_number = _("Handlungsziel %(number)s")
        self.sub_theme = _("Unterthema: %(sub_theme)s")
        self.belongs = _("gehört zu Leitziel %(number)s, dient auch diesem")
        self.measures_count = _("Maßnahmen: %(measure_count)s")
        self.add_og = _("Handlungsziel zu Leitziel %(number)s")
        self.add_measure = _("Maßnahme zu Handlungsziel %(number)s")
        self.sub_theme_group = _("Maßnahmen im Unterthema „%(sub_theme)s“")
        self.up_label = _("%(label)s nach oben")
        self.down_label = _("%(label)s nach unten")
        self.counts_label = esc(tree.counts.label) if tree.counts else ""
        self._rows = {}
        self.status_labels = {value: str(label) for value, label in Measure.Status.choices}

    # -- the page's loop -----------------------------------------------------------------------

    def fields(self) -> str:
        if not self.tree.fields:
            empty = (
                _("Keine Treffer für diesen Filter.")
                if self.tree.filtered
                else _("Noch keine Handlungsfelder.")
            )
            return f"\n<p>{empty}</p>\n"
        return "".join(self.field(node) for node in self.tree.fields)

    def field(self, node: FieldNode) -> str:
        t, fld = self.t, node.field
        out = [
            f'\n<details class="tree-field" open id="handlungsfeld-{fld.pk}">\n'
            f'  <summary><h2 class="h4 d-inline">{esc(fld.position)}. {esc(fld.title)}</h2>'
            "</summary>\n"
            '  <div class="tree-body">\n'
            '    <div class="tree-head">\n    ',
            self.progress(node.progress),
            "\n    ",
            self.controls("handlungsfelder", fld, fld.title),
            "\n    </div>\n"
            '    <p class="small mb-2">\n'
            f'      <a href="{self.field_url(fld.pk)}">{t["field_page"]}</a>\n      ',
        ]
        if node.themes:
            themes = ", ".join(esc(theme) for theme in node.themes)
            out.append(f" · {t['themes']} {themes}")
        out += ["\n    </p>\n    ", self.field_elements(node), "\n    ", self.goal_tree(node)]
        out.append("\n    ")
        if node.is_empty:
            out.append(f"<p><em>{t['empty']}</em></p>")
        out.append("\n    ")
        if self.editable:
            next_ = self.next_param
            sg_url, m_url = self.create_url["leitziele"], self.create_url["massnahmen"]
            out.append(
                "\n"
                '    <p class="mt-2 mb-0"><a class="btn btn-sm btn-outline-primary" '
                f'href="{sg_url}?handlungsfeld={fld.pk}&amp;next={next_}">+ {t["add_sg"]}</a>\n'
                '    <a class="btn btn-sm btn-outline-primary" '
                f'href="{m_url}?handlungsfeld={fld.pk}&amp;next={next_}">+ {t["add_loose"]}</a>'
                "</p>\n    "
            )
        out.append("\n  </div>\n</details>\n")
        return "".join(out)

    # -- includes ------------------------------------------------------------------------------

    def progress(self, progress: Progress) -> str:
        """concepts/includes/progress.html"""
        out = ['\n<div class="progress-summary">\n  ']
        if progress.total:
            rects = "".join(
                f'<rect class="progress-seg status-{esc(s.status)}" x="{s.offset:.2f}" y="0" '
                f'width="{s.percent:.2f}" height="1"/>'
                for s in progress.segments
            )
            out.append(
                "\n  \n"
                '  <svg class="progress-stack" viewBox="0 0 100 1" preserveAspectRatio="none" '
                f'aria-hidden="true" focusable="false">{rects}</svg>\n  '
            )
        out.append(f'\n  <span class="progress-text small">{esc(progress.text)}</span>\n</div>\n')
        return "".join(out)

    def controls(self, kind: str, obj, label) -> str:
        """concepts/includes/controls.html with movable=True, in_place=True."""
        if not self.editable:
            return "\n\n"
        t = self.t
        update_url, move_url, delete_url = self.kinds[kind]
        pk, label = obj.pk, esc(label if label else obj)
        move = move_url(pk)
        form_id = f"verschieben-{kind}-{pk}"
        htmx = (
            f' hx-post="{move}" hx-target="{esc(self.move_target)}" '
            'hx-swap="innerHTML focus-scroll:true"'
            if self.move_target
            else ""
        )
        up = self.up_label % {"label": label}
        down = self.down_label % {"label": label}
        return (
            "\n\n"
            '<span class="element-controls d-inline-flex flex-wrap gap-1 align-items-center">\n'
            f'  <a class="btn btn-sm btn-outline-primary" href="{update_url(pk)}'
            f'?next={self.next_param}">{t["edit"]}<span class="visually-hidden">: {label}</span>'
            "</a>\n  \n  \n  \n"
            f'  <form method="post" action="{move}" class="d-inline" id="{form_id}"{htmx}>'
            f"{self.csrf_field}\n"
            f'    <input type="hidden" name="next" value="{self.full_path}">\n'
            f'    <button type="submit" name="direction" value="up" id="{form_id}-up" '
            f'class="btn btn-sm btn-outline-secondary" title="{t["up"]}">'
            f'<span aria-hidden="true">↑</span><span class="visually-hidden">{up}</span></button>\n'
            f'    <button type="submit" name="direction" value="down" id="{form_id}-down" '
            f'class="btn btn-sm btn-outline-secondary" title="{t["down"]}">'
            f'<span aria-hidden="true">↓</span><span class="visually-hidden">{down}</span>'
            "</button>\n  </form>\n  \n"
            f'  <a class="btn btn-sm btn-outline-danger" href="{delete_url(pk)}'
            f'?next={self.next_param}">{t["delete"]}<span class="visually-hidden">: {label}</span>'
            "</a>\n</span>\n\n"
        )

    def field_elements(self, node: FieldNode) -> str:
        """concepts/includes/field_elements.html without `details`."""
        out = ["\n"]
        for s in node.sections:
            out.append(
                f'\n<section class="field-section" id="abschnitt-{s.pk}" '
                f'aria-labelledby="abschnitt-{s.pk}-h">\n'
                f'  <h3 class="h5" id="abschnitt-{s.pk}-h">{esc(s.title)}</h3>\n  \n  \n'
                "</section>\n"
            )
        out.append("\n")
        if node.focus_areas:
            pk = node.field.pk
            items = "".join(f"<li><strong>{esc(a.title)}</strong></li>" for a in node.focus_areas)
            out.append(
                f'\n<section class="focus-areas" aria-labelledby="schwerpunkte-{pk}-h">\n'
                f'  <h3 class="h5" id="schwerpunkte-{pk}-h">{_("Schwerpunkte")}</h3>\n'
                f"  <ol>{items}</ol>\n</section>\n"
            )
        out.append("\n")
        return "".join(out)

    def goal_tree(self, node: FieldNode) -> str:
        """concepts/includes/goal_tree.html without `details`."""
        t = self.t
        out = ["\n"]
        for sg in node.strategic:
            goal = sg.goal
            number = esc(goal.number)
            out.append(
                f'\n<details class="tree-goal" open id="leitziel-{goal.pk}">\n'
                "  <summary>\n"
                f'    <span class="tree-label">{self.sg_number % {"number": number}}</span>\n'
                f'    <span class="tree-title">{esc(goal.title)}</span>\n    '
            )
            if goal.sub_theme_id:
                text = self.sub_theme % {"sub_theme": esc(goal.sub_theme)}
                out.append(f'<span class="badge text-bg-light border">{text}</span>')
            out.append("\n    ")
            if self.counts_label:
                out.append(
                    f'<span class="small text-body-secondary">· {self.counts_label}: '
                    f"{esc(sg.count)}</span>"
                )
            out += [
                '\n  </summary>\n  <div class="tree-body">\n    \n'
                '    <div class="tree-head">\n    ',
                self.progress(sg.progress),
                "\n    ",
                self.controls("leitziele", goal, t["sg_label"] + goal.number),
                '\n    \n    </div>\n    <ul class="tree-list">\n    ',
            ]
            for op in sg.operational:
                out += ["\n      ", self.operational(op), "\n    "]
            out.append("\n    ")
            if sg.measures:
                out.append(
                    f'\n      <li class="tree-direct"><span class="tree-label">{t["direct"]}'
                    "</span>\n"
                    f'        <ul class="tree-measures">{self.rows(sg.measures)}</ul>\n'
                    "      </li>\n    "
                )
            out.append("\n    </ul>\n    ")
            if self.editable:
                add = self.add_og % {"number": number}
                out.append(
                    f'<a class="btn btn-sm btn-link" href="{self.create_url["handlungsziele"]}'
                    f'?leitziel={goal.pk}&amp;next={self.next_param}">+ {add}</a>'
                )
            out.append("\n  </div>\n</details>\n")
        out.append("\n")
        if node.operational:
            ops = "".join(self.operational(op) for op in node.operational)
            out.append(
                '\n<div class="tree-goal">\n'
                f'  <p class="tree-label mb-1">{t["loose_ops"]}</p>\n'
                f'  <ul class="tree-list">{ops}</ul>\n</div>\n'
            )
        out.append("\n")
        for group in node.sub_theme_groups:
            title = self.sub_theme_group % {"sub_theme": esc(group.sub_theme.title)}
            out.append(
                '\n<div class="tree-goal tree-sub-theme">\n'
                f'  <p class="tree-label mb-1">{title}</p>\n'
                f'  <ul class="tree-measures">{self.rows(group.measures)}</ul>\n</div>\n'
            )
        out.append("\n")
        if node.unassigned:
            out.append(
                '\n<div class="tree-goal tree-unassigned">\n'
                f'  <p class="tree-label mb-1">{t["unassigned"]}</p>\n'
                f'  <ul class="tree-measures">{self.rows(node.unassigned)}</ul>\n</div>\n'
            )
        out.append("\n")
        return "".join(out)

    def operational(self, op) -> str:
        """concepts/includes/operational_node.html without `details`."""
        t, goal = self.t, op.goal
        number = esc(goal.number)
        anchor = "" if op.shared else f' id="handlungsziel-{goal.pk}"'
        out = [
            f'<li class="tree-op"{anchor}>\n  <details open>\n    <summary>\n'
            f'      <span class="tree-label">{self.og_number % {"number": number}}</span>\n'
            f'      <span class="tree-title">{esc(goal.title)}</span>\n      '
        ]
        if op.shared:
            text = self.belongs % {"number": esc(goal.strategic_goal.number)}
            out.append(f'<span class="badge text-bg-light border">{text}</span>')
        elif goal.shared_with:
            numbers = ", ".join(esc(g.number) for g in goal.shared_with)
            out.append(f'<span class="badge text-bg-light border">{t["also"]} {numbers}</span>')
        out.append('\n      <span class="small text-body-secondary">')
        if self.counts_label:
            out.append(f"· {self.counts_label}: {esc(op.count)} ")
        count = self.measures_count % {"measure_count": esc(goal.measure_count)}
        out.append(f'· {count}</span>\n    </summary>\n    <div class="tree-body">\n      \n      ')
        if not op.shared:
            out.append(self.controls("handlungsziele", goal, t["og_label"] + goal.number))
        out.append("\n      ")
        if op.measures:
            out.append(f'\n      <ul class="tree-measures">{self.rows(op.measures)}</ul>\n      ')
        elif not goal.measure_count:
            out.append(f'<p class="small mb-1"><em>{t["no_measure"]}</em></p>')
        out.append("\n      ")
        if self.editable:
            add = self.add_measure % {"number": number}
            out.append(
                f'<a class="btn btn-sm btn-link" href="{self.create_url["massnahmen"]}'
                f'?handlungsziel={goal.pk}&amp;next={self.next_param}">+ {add}</a>'
            )
        out.append("\n    </div>\n  </details>\n</li>\n")
        return "".join(out)

    def rows(self, measures) -> str:
        return "".join(self.row(m) for m in measures)

    def row(self, m) -> str:
        """concepts/includes/measure_row.html; a measure listed under several goals is written
        once."""
        html = self._rows.get(m.pk)
        if html is not None:
            return html
        t = self.t
        label = self.status_labels.get(m.status, m.status)  # m.get_status_display()
        badge = (
            f'<span class="badge status-badge status-{esc(m.status)}">{esc(label)}</span>'
            if label
            else ""
        )
        flagship = (
            f'<span class="badge text-bg-light border">{t["flagship"]}</span>'
            if m.is_flagship
            else ""
        )
        leads = (
            ", ".join(esc(a.short_label) for a in m.leads)
            if m.leads
            else f"<em>{t['missing']}</em>"
        )
        partners = (
            f" · {t['partners']} " + ", ".join(esc(a.short_label) for a in m.partners)
            if m.partners
            else ""
        )
        html = self._rows[m.pk] = (
            f'<li class="tree-measure">\n  {badge}\n\n'
            f'  <a href="{self.measure_url(m.pk)}">{esc(m.label)}</a>\n  {flagship}\n'
            f'  <span class="small text-body-secondary">· {t["lead"]} {leads}{partners}</span>\n'
            "</li>\n"
        )
        return html
