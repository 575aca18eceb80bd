"""Lines with roles → an exchange-format document (`concepts.exchange`, docs/austauschformat.md).

`exchange_document(lines, roles, …)` returns `Built`: the exchange data, which the exchange
import loads like any other file (same validation, one transaction), and `sources`, which JSON
path came from which line, so that a problem the import finds is shown at its line.
`import_word(…)` does both and turns the import's JSON paths into line positions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from concepts.exchange import FORMAT, ImportProblems
from concepts.word.details import actor_line, parse_actors, parse_indicator
from concepts.word.reader import Line
from concepts.word.roles import INDICATOR_COLUMNS, column_of, strip_prefix

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from concepts.models import Edition, Municipality

STATUS_WORDS = [
    (re.compile(r"abgeschlossen|erledigt|umgesetzt|beendet", re.I), "completed"),
    (re.compile(r"ausgesetzt|pausiert|ruht", re.I), "suspended"),
    (re.compile(r"nicht fortgeführt|eingestellt|verworfen|entfällt", re.I), "discontinued"),
    (re.compile(r"läuft|laufend|in umsetzung|begonnen|fortlaufend|dauerhaft", re.I), "running"),
    (re.compile(r"geplant|in planung|vorgesehen", re.I), "planned"),
    (re.compile(r"idee", re.I), "idea"),
]
YEAR = r"(?:(\d{1,2})[./])?((?:19|20)\d\d)"


def _shorten(text: str, limit: int) -> tuple[str, str]:
    """(title within `limit` characters, the rest for the description)."""
    text = text.strip()
    if len(text) <= limit:
        return text, ""
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip() + "…", text


def parse_period(text: str) -> tuple[str | None, str | None, bool]:
    """(starts_on, ends_on, understood) from "2024–2026", "ab 2025", "03/2024 - 12/2025", "2024"."""
    years = list(re.finditer(YEAR, text))
    if not years:
        return None, None, False

    def day(match, end):
        month = int(match.group(1)) if match.group(1) else (12 if end else 1)
        if not 1 <= month <= 12:
            return None
        year = int(match.group(2))
        if end:
            following = datetime.date(year + (month == 12), month % 12 + 1, 1)
            return (following - datetime.timedelta(days=1)).isoformat()
        return datetime.date(year, month, 1).isoformat()

    if len(years) >= 2:
        return day(years[0], False), day(years[-1], True), True
    if re.search(r"\b(ab|seit|von)\b", text, re.I):
        return day(years[0], False), None, True
    if re.search(r"\b(bis)\b", text, re.I):
        return None, day(years[0], True), True
    return day(years[0], False), day(years[0], True), True


def parse_status(text: str) -> str | None:
    for regex, status in STATUS_WORDS:
        if regex.search(text):
            return status
    return None


def _markdown_item(line: Line) -> str:
    indent = "  " * (line.list_level or 0)
    if line.number and re.fullmatch(r"\d+[.)]?", line.number):
        return f"{indent}{line.number.rstrip('.)')}. {line.text}"
    return f"{indent}- {line.text}"


@dataclass
class Built:
    data: dict[str, Any]
    sources: dict[str, int] = field(default_factory=dict)  # JSON path → line id
    problems: list[tuple[str, str]] = field(default_factory=list)  # (position, message)


class _Builder:
    def __init__(self, lines: list[Line], roles: list[str], doc_title: str):
        self.lines = lines
        self.roles = roles
        self.data: dict[str, Any] = {
            "format": FORMAT,
            "concept": {"title": ""},
            "edition": {
                "title": "",
                "year": datetime.date.today().year,
                "single_goal_level": False,
            },
            "vision": None,
            "guiding_principles": [],
            "cross_cutting_themes": [],
            "actors": [],
            "chapters": [],
            "fields_of_action": [],
            "extensions": {},
        }
        self.sources: dict[str, int] = {}
        self.problems: list[tuple[str, str]] = []
        self.doc_title = doc_title
        self.title = ""
        self.target: tuple[dict, str] | None = None  # (element, its Markdown field)
        self.field: dict | None = None
        self.strategic: dict | None = None
        self.operational: dict | None = None
        self.sub_theme: dict | None = None
        self.goal_from_heading = False
        self.actor_keys: dict[str, str] = {}
        self.last: str | None = None  # the kind of the element the text below belongs to
        self.measure: dict | None = None
        self.indicator_codes: set[str] = set()
        self.table_header_written: set[int] = set()
        self.pending_footnotes: list[str] = []

    # -- helpers -------------------------------------------------------------------------------

    def position(self, line: Line) -> str:
        excerpt = line.text if len(line.text) <= 40 else line.text[:39] + "…"
        return _("Zeile %(n)s („%(text)s“)") % {"n": line.id + 1, "text": excerpt}

    def append(self, markdown: str, block: bool = True):
        if self.target is None:
            return
        element, name = self.target
        current = element[name]
        if not current:
            element[name] = markdown
        elif block:
            element[name] = f"{current}\n\n{markdown}"
        else:
            element[name] = f"{current}\n{markdown}"

    def open(self, element: dict, name: str, line: Line, path: str, kind: str | None = None):
        self.target = (element, name)
        self.last = kind
        self.measure = element if kind == "measure" else None
        self.sources[path] = line.id
        if line.footnotes:
            self.append(self._footnotes(line))

    @staticmethod
    def _footnotes(line: Line) -> str:
        return "\n".join(f"[^{i}]: {note}" for i, note in enumerate(line.footnotes, 1))

    def need_field(self, line: Line, what: str) -> bool:
        if self.field is None:
            self.problems.append(
                (
                    self.position(line),
                    _(
                        "%(what)s steht vor dem ersten Handlungsfeld; bitte eine Zeile "
                        "darüber als Handlungsfeld kennzeichnen."
                    )
                    % {"what": what},
                )
            )
            return False
        return True

    def field_path(self) -> str:
        return f"$.fields_of_action[{len(self.data['fields_of_action']) - 1}]"

    # -- elements ------------------------------------------------------------------------------

    def add_chapter(self, line: Line):
        title, rest = _shorten(strip_prefix(line.text, "chapter"), 250)
        chapter = {"part": "A", "title": title, "body": rest, "field_of_action": None}
        self.data["chapters"].append(chapter)
        self.field = self.strategic = self.operational = self.sub_theme = None
        self.open(chapter, "body", line, f"$.chapters[{len(self.data['chapters']) - 1}]", "chapter")

    def add_vision(self, line: Line):
        if self.data["vision"] is not None:
            self.append(f"### {line.text}")
            return
        title, rest = _shorten(strip_prefix(line.text, "vision") or _("Leitbild"), 200)
        self.data["vision"] = {"title": title, "motto": "", "text": rest}
        self.field = self.strategic = self.operational = self.sub_theme = None
        self.open(self.data["vision"], "text", line, "$.vision", "vision")

    def add_principle(self, line: Line):
        title, rest = _shorten(strip_prefix(line.text, "principle"), 300)
        principle = {
            "title": title,
            "text": rest,
            "field_of_action": self.field["key"] if self.field else None,
        }
        self.data["guiding_principles"].append(principle)
        path = f"$.guiding_principles[{len(self.data['guiding_principles']) - 1}]"
        self.open(principle, "text", line, path, "principle")

    def add_field(self, line: Line):
        fields = self.data["fields_of_action"]
        title, rest = _shorten(strip_prefix(line.text, "field"), 250)
        self.field = {
            "key": f"HF{len(fields) + 1}",
            "title": title,
            "short_title": "",
            "description": rest,
            "themes": [],
            "sub_themes": [],
            "strategic_goals": [],
            "operational_goals": [],
            "measures": [],
        }
        fields.append(self.field)
        self.strategic = self.operational = self.sub_theme = None
        self.open(self.field, "description", line, self.field_path(), "field")

    def add_sub_theme(self, line: Line):
        if not self.need_field(line, _("Ein Unterthema")):
            return
        items = self.field["sub_themes"]
        title, rest = _shorten(strip_prefix(line.text, "sub_theme"), 250)
        self.sub_theme = {
            "key": f"{self.field['key']}-U{len(items) + 1}",
            "title": title,
            "description": rest,
        }
        items.append(self.sub_theme)
        self.strategic = self.operational = None
        self.open(
            self.sub_theme,
            "description",
            line,
            f"{self.field_path()}.sub_themes[{len(items) - 1}]",
            "sub_theme",
        )

    def add_strategic_goal(self, line: Line, text: str | None = None):
        if not self.need_field(line, _("Ein Leitziel")):
            return
        items = self.field["strategic_goals"]
        self.strategic = {
            "key": f"{self.field['key']}-LZ{len(items) + 1}",
            "title": strip_prefix(text if text is not None else line.text, "strategic_goal"),
            "description": "",
            "sub_theme": self.sub_theme["key"] if self.sub_theme else None,
            "themes": [],
        }
        items.append(self.strategic)
        self.operational = None
        self.goal_from_heading = line.kind == "heading"
        self.open(
            self.strategic,
            "description",
            line,
            f"{self.field_path()}.strategic_goals[{len(items) - 1}]",
            "strategic_goal",
        )

    def add_operational_goal(self, line: Line, text: str | None = None):
        if not self.need_field(line, _("Ein Handlungsziel")):
            return
        items = self.field["operational_goals"]
        self.operational = {
            "key": f"{self.field['key']}-HZ{len(items) + 1}",
            "title": strip_prefix(text if text is not None else line.text, "operational_goal"),
            "description": "",
            "strategic_goal": self.strategic["key"] if self.strategic else None,
            "also_serves": [],
            "sub_theme": self.sub_theme["key"] if self.sub_theme else None,
            "themes": [],
        }
        items.append(self.operational)
        self.goal_from_heading = line.kind == "heading"
        self.open(
            self.operational,
            "description",
            line,
            f"{self.field_path()}.operational_goals[{len(items) - 1}]",
            "operational_goal",
        )

    def actor_key(self, name: str) -> str:
        name = name[:250]
        if name not in self.actor_keys:
            key = f"A{len(self.actor_keys) + 1}"
            self.actor_keys[name] = key
            self.data["actors"].append(
                {
                    "key": key,
                    "name": name,
                    "short_name": "",
                    "kind": "other",
                    "description": "",
                    "email": "",
                    "phone": "",
                    "website": "",
                    "address": "",
                }
            )
        return self.actor_keys[name]

    def add_measure(self, line: Line):
        if not self.need_field(line, _("Eine Maßnahme")):
            return
        items = self.field["measures"]
        description: list[str] = []
        status, starts_on, ends_on, actors = None, None, None, []
        indicator_cells: list[str] = []
        indicator_columns: dict[str, str] = {}
        if line.kind == "row":
            title = ""
            for header, cell in zip(line.header, line.cells, strict=False):
                if not cell:
                    continue
                meaning = column_of(header)
                flat = cell.replace("\n", "; ")
                if meaning == "measure" and not title:
                    title = cell.split("\n")[0]
                    if "\n" in cell:
                        description.append(cell.split("\n", 1)[1])
                elif meaning == "description":
                    description.append(cell)
                elif meaning == "actors":
                    actors = parse_actors(cell, header=header)
                elif meaning == "period":
                    starts_on, ends_on, understood = parse_period(flat)
                    if (
                        not understood
                        or starts_on is None
                        or (ends_on is not None and starts_on > ends_on)
                    ):
                        starts_on = ends_on = None if not understood else starts_on
                        if not understood:
                            description.append(f"**{header}:** {flat}")
                    if status is None and re.search(r"laufend|dauerhaft|seit", flat, re.I):
                        status = "running"
                elif meaning == "status":
                    status = parse_status(flat)
                    if status is None:
                        description.append(f"**{header}:** {flat}")
                elif meaning == "indicator":
                    indicator_cells += [part for part in cell.split("\n") if part.strip()]
                    description.append(f"**{header}:** {flat}")
                elif meaning in INDICATOR_COLUMNS:
                    indicator_columns[meaning] = flat
                    description.append(f"**{header}:** {flat}")
                else:
                    description.append(f"**{header}:** {flat}")
            has_title_column = any(column_of(h) == "measure" for h in line.header)
            if not title and not has_title_column:
                title = next((c for c in line.cells if c), line.text).split("\n")[0]
        else:
            title = line.text
        title, rest = _shorten(strip_prefix(title, "measure"), 250)
        if rest:
            description.insert(0, rest)
        goal_links = {"operational_goals": [], "strategic_goals": []}
        if self.goal_from_heading and self.operational:
            goal_links["operational_goals"].append(self.operational["key"])
        elif self.goal_from_heading and self.strategic:
            goal_links["strategic_goals"].append(self.strategic["key"])
        measure = {
            "key": f"{self.field['key']}-M{len(items) + 1}",
            "title": title,
            "description": "\n\n".join(description),
            # What the document does not say stays unknown (issue 14: nothing invented).
            "status": status or "",
            "origin": "",
            "is_flagship": False,
            "responsible_person": "",
            "responsible_email": "",
            "starts_on": starts_on,
            "ends_on": ends_on if (not starts_on or not ends_on or ends_on >= starts_on) else None,
            "target_groups": "",
            "social_area": "",
            "staff_fte": None,
            "material_costs": None,
            "funding": "",
            "needs_council_decision": False,
            "themes": [],
            "actors": [
                {"actor": self.actor_key(a.name), "role": a.role, "note": a.note} for a in actors
            ],
            "milestones": [],
            **goal_links,
        }
        items.append(measure)
        self.open(
            measure,
            "description",
            line,
            f"{self.field_path()}.measures[{len(items) - 1}]",
            "measure",
        )
        for text in indicator_cells:
            self.new_indicator(line, text, indicator_columns)

    def add_goal_row(self, line: Line):
        """A row of a table with Leitziel and Handlungsziel columns."""
        strategic_text, operational = "", []
        for header, cell in zip(line.header, line.cells, strict=False):
            meaning = column_of(header)
            if meaning == "strategic_goal":
                strategic_text = cell.replace("\n", " ")
            elif meaning == "operational_goal":
                operational += [part for part in cell.split("\n") if part.strip()]
        if strategic_text:
            self.add_strategic_goal(line, strategic_text)
        for text in operational:
            self.add_operational_goal(line, re.sub(r"^[-•–]\s*", "", text))

    def add_text(self, line: Line):
        named = actor_line(line.text) if line.kind in ("paragraph", "list") else None
        if named and self.measure is not None and self.target[0] is self.measure:
            self.add_actors(named[1], label=named[0])
            return
        if line.kind == "list":
            previous = self.lines[self.index - 1] if self.index else None
            tight = (
                previous is not None
                and previous.kind == "list"
                and self.roles[self.index - 1] == "text"
            )
            self.append(_markdown_item(line), block=not tight)
        elif line.kind == "row":
            cells = [c.replace("\n", " ").replace("|", "\\|") for c in line.cells]
            if line.table not in self.table_header_written:
                self.table_header_written.add(line.table)
                header = "| " + " | ".join(cells) + " |"
                self.append(header + "\n|" + "---|" * len(cells))
            else:
                self.append("| " + " | ".join(cells) + " |", block=False)
        elif line.kind == "heading":
            self.append(f"### {line.text}")
        else:
            self.append(line.text)
        if line.footnotes:
            self.append(self._footnotes(line))

    def add_actors(self, text: str, label: str = ""):
        """The Träger of a line "Träger: …" below a measure, added to its Träger (a name it has
        already keeps its first role)."""
        known = {a["actor"] for a in self.measure["actors"]}
        has_lead = any(a["role"] == "lead" for a in self.measure["actors"])
        for involvement in parse_actors(text, label=label):
            key = self.actor_key(involvement.name)
            if key in known:
                continue
            role, note = involvement.role, involvement.note
            if role == "lead" and has_lead:
                role, note = "partner", involvement.words[:200]
            has_lead = has_lead or role == "lead"
            known.add(key)
            self.measure["actors"].append({"actor": key, "role": role, "note": note})

    def add_indicator(self, line: Line):
        """An indicator line ("Indikator: …", an item under "Indikatoren") or a row of a table
        of indicators: a real indicator on the element above (extensions.indicators)."""
        if line.kind != "row":
            self.new_indicator(line, strip_prefix(line.text, "indicator"), {})
            return
        names: list[str] = []
        columns: dict[str, str] = {}
        definition: list[str] = []
        for header, cell in zip(line.header, line.cells, strict=False):
            if not cell:
                continue
            meaning = column_of(header)
            flat = cell.replace("\n", "; ")
            if meaning == "indicator" and not names:
                names = [part for part in cell.split("\n") if part.strip()]
            elif meaning in INDICATOR_COLUMNS:
                columns[meaning] = flat
            elif meaning == "operational_goal" and re.search(r"\d", flat):
                columns["target"] = flat  # "Ziel" beside "Indikator": the target value
            elif meaning == "description":
                definition.append(cell)
            else:
                definition.append(f"**{header}:** {flat}")
        if not names:
            names = [next((c for c in line.cells if c), line.text).split("\n")[0]]
        for name in names:
            self.new_indicator(line, strip_prefix(name, "indicator"), columns, definition)

    def indicator_parent(self) -> dict[str, str | None]:
        """What an indicator hangs on: the goal, sub-theme or field above it; below a measure
        (indicators have no measure of their own) the measure's goal, else its field; none
        (the whole edition) below a chapter, the Leitbild or at the start."""
        parent = {"goal": None, "sub_theme": None, "field_of_action": None}
        last = self.last
        if last == "measure" and self.measure is not None:
            goals = self.measure["operational_goals"] + self.measure["strategic_goals"]
            if goals:
                parent["goal"] = goals[0]
            elif self.field is not None:
                parent["field_of_action"] = self.field["key"]
        elif last == "operational_goal" and self.operational is not None:
            parent["goal"] = self.operational["key"]
        elif last == "strategic_goal" and self.strategic is not None:
            parent["goal"] = self.strategic["key"]
        elif last == "sub_theme" and self.sub_theme is not None:
            parent["sub_theme"] = self.sub_theme["key"]
        elif last == "field" and self.field is not None:
            parent["field_of_action"] = self.field["key"]
        return parent

    def indicator_code(self, text: str) -> str:
        typed = re.match(r"^\s*(?:Indikator|I)\s*(\d+(?:\.\d+)*)", text, re.I)
        code = f"I{typed.group(1)}" if typed else ""
        n = len(self.indicator_codes) + 1
        while not code or code.casefold() in self.indicator_codes:
            code, n = f"I{n}", n + 1
        self.indicator_codes.add(code.casefold())
        return code

    def new_indicator(
        self,
        line: Line,
        text: str,
        columns: dict[str, str],
        definition: list[str] | None = None,
    ):
        parsed = parse_indicator(text, columns)
        parent = self.indicator_parent()
        has_goal = parent["goal"] is not None
        target_value, target_year = parsed["target_value"], parsed["target_year"]
        if not has_goal or target_value is None or target_year is None:
            # a context indicator has no target; a target without a year is kept as words
            target_value = target_year = None
        baseline_value = parsed["baseline_value"] if parsed["baseline_year"] else None
        baseline_date = f"{parsed['baseline_year']}-12-31" if baseline_value is not None else None
        direction = ""
        if target_value is not None and baseline_value is not None:
            if float(target_value) != float(baseline_value):
                higher = float(target_value) > float(baseline_value)
                direction = "higher" if higher else "lower"
        words = list(definition or [])
        if parsed["rest"]:
            words.insert(0, parsed["rest"])
        indicators = self.data["extensions"].setdefault("indicators", [])
        indicators.append(
            {
                **parent,
                "code": self.indicator_code(line.text if line.kind != "row" else text),
                "name": parsed["name"] or text.strip()[:300] or _("Indikator"),
                "definition": "\n\n".join(words),
                "is_qualitative": False,
                "unit": parsed["unit"],
                "unit_other": parsed["unit_other"],
                "decimal_places": 0 if parsed["unit"] in ("count", "persons", "euro") else 1,
                "source": parsed["source"],
                "rhythm": "annual",
                "direction": direction,
                "baseline_value": baseline_value,
                "baseline_date": baseline_date,
                "target_value": target_value,
                "target_year": target_year,
                "responsible_person": "",
                "responsible_email": "",
                "breakdowns": "",
                "manual_status": "",
                "position": len(indicators) + 1,
                "measurements": [],
            }
        )
        self.sources[f"$.extensions.indicators[{len(indicators) - 1}]"] = line.id
        if self.last == "measure" and line.kind != "row":
            # the measure names its indicator (the indicator hangs on the goal or field)
            self.append(f"**{_('Indikator')}:** {text}")

    # -- the run -------------------------------------------------------------------------------

    def run(self, concept_title: str, edition_title: str, year: int | None) -> Built:
        for index, (line, role) in enumerate(zip(self.lines, self.roles, strict=True)):
            self.index = index
            if role == "title":
                self.title = self.title or line.text
            elif role == "chapter":
                self.add_chapter(line)
            elif role == "vision":
                self.add_vision(line)
            elif role == "principle":
                self.add_principle(line)
            elif role == "field":
                self.add_field(line)
            elif role == "sub_theme":
                self.add_sub_theme(line)
            elif role == "strategic_goal":
                if line.kind == "row" and any(
                    column_of(h) == "operational_goal" for h in line.header
                ):
                    self.add_goal_row(line)
                elif line.kind == "row":
                    self.add_strategic_goal(line, line.cells[0] if line.cells else line.text)
                else:
                    self.add_strategic_goal(line)
                if line.kind == "row":
                    self.row_indicators(line)
            elif role == "operational_goal":
                if line.kind == "row":
                    self.add_operational_goal(line, self._goal_cell(line))
                    self.row_indicators(line)
                else:
                    self.add_operational_goal(line)
            elif role == "measure":
                self.add_measure(line)
            elif role == "indicator":
                self.add_indicator(line)
            elif role == "text":
                self.add_text(line)
        title = (concept_title or self.title or self.doc_title or _("Integrationskonzept")).strip()
        self.data["concept"]["title"] = _shorten(title, 250)[0]
        self.data["edition"]["title"] = _shorten(edition_title or _("Import aus Word"), 200)[0]
        found_year = re.search(r"\b(19|20)\d\d\b", f"{edition_title} {title}")
        self.data["edition"]["year"] = year or (
            int(found_year.group(0)) if found_year else datetime.date.today().year
        )
        fields = self.data["fields_of_action"]
        self.data["edition"]["single_goal_level"] = bool(fields) and not any(
            f["strategic_goals"] for f in fields
        )
        return Built(self.data, self.sources, self.problems)

    def row_indicators(self, line: Line):
        """The Indikator column of a goal table: indicators of the row's (last) goal."""
        names: list[str] = []
        columns: dict[str, str] = {}
        for header, cell in zip(line.header, line.cells, strict=False):
            meaning = column_of(header)
            if meaning == "indicator" and cell:
                names += [part for part in cell.split("\n") if part.strip()]
            elif meaning in INDICATOR_COLUMNS and cell:
                columns[meaning] = cell.replace("\n", "; ")
        if self.last not in ("strategic_goal", "operational_goal"):
            return
        for name in names:
            self.new_indicator(line, re.sub(r"^[-•–]\s*", "", name), columns)

    @staticmethod
    def _goal_cell(line: Line) -> str:
        for header, cell in zip(line.header, line.cells, strict=False):
            if column_of(header) == "operational_goal" and cell:
                return cell.replace("\n", " ")
        return next((c for c in line.cells if c), line.text).replace("\n", " ")


def exchange_document(
    lines: list[Line],
    roles: list[str],
    *,
    concept_title: str = "",
    edition_title: str = "",
    year: int | None = None,
    doc_title: str = "",
) -> Built:
    """The exchange data for the lines with their roles; `problems` lists what cannot be built."""
    return _Builder(lines, roles, doc_title).run(concept_title, edition_title, year)


def positioned(
    problems: list[tuple[str, str]], built: Built, lines: list[Line]
) -> list[tuple[str, str]]:
    """The import's (JSON path, message) with the line each path came from."""
    by_id = {line.id: line for line in lines}
    out = []
    for path, message in problems:
        source = None
        for candidate, line_id in built.sources.items():
            if (
                path == candidate
                or path.startswith(candidate + ".")
                or path.startswith(candidate + "[")
            ):
                if source is None or len(candidate) > len(source[0]):
                    source = (candidate, line_id)
        if source is not None and source[1] in by_id:
            line = by_id[source[1]]
            excerpt = line.text if len(line.text) <= 40 else line.text[:39] + "…"
            where = _("Zeile %(n)s („%(text)s“)") % {"n": line.id + 1, "text": excerpt}
            out.append((f"{where} – {path}", message))
        else:
            out.append((path, message))
    return out


def import_word(
    *,
    municipality: Municipality,
    lines: list[Line],
    roles: list[str],
    user: User | None = None,
    concept_title: str = "",
    edition_title: str = "",
    year: int | None = None,
    doc_title: str = "",
) -> Edition:
    """A new draft edition from the lines with their roles, through the exchange import (all or
    nothing); ImportProblems with line positions otherwise."""
    from concepts.exchange.load import edition_import

    built = exchange_document(
        lines,
        roles,
        concept_title=concept_title,
        edition_title=edition_title,
        year=year,
        doc_title=doc_title,
    )
    if built.problems:
        raise ImportProblems(built.problems)
    try:
        return edition_import(municipality=municipality, data=built.data, user=user)
    except ImportProblems as error:
        raise ImportProblems(positioned(error.problems, built, lines)) from None


ROLE_WORDS = {
    "lead": _lazy("federführend"),
    "partner": _lazy("beteiligt"),
    "funder": _lazy("Förderer"),
}


def outline(data: dict[str, Any]) -> list[tuple[int, str, str]]:
    """The tree of exchange data as (depth, German kind, title) rows, in document order: what
    the preview shows beside the document and `import_docx` prints. Indicators stand below what
    they hang on, a measure's Träger below the measure."""
    rows: list[tuple[int, str, str]] = []
    below: dict[str | None, list[str]] = {}
    for indicator in data.get("extensions", {}).get("indicators", []):
        parent = indicator["goal"] or indicator["sub_theme"] or indicator["field_of_action"]
        below.setdefault(parent, []).append(_indicator_label(indicator))
    actors = {a["key"]: a["name"] for a in data["actors"]}

    def indicators(key, depth):
        rows.extend((depth, _("Indikator"), label) for label in below.get(key, []))

    if data["vision"]:
        rows.append((0, _("Leitbild"), data["vision"]["title"]))
    rows += [
        (1, _("Leitsatz"), p["title"])
        for p in data["guiding_principles"]
        if p["field_of_action"] is None
    ]
    rows += [(0, _("Kapitel"), c["title"]) for c in data["chapters"]]
    indicators(None, 0)
    for f in data["fields_of_action"]:
        rows.append((0, _("Handlungsfeld"), f["title"]))
        indicators(f["key"], 1)
        rows += [
            (1, _("Leitsatz"), p["title"])
            for p in data["guiding_principles"]
            if p["field_of_action"] == f["key"]
        ]
        for s in f["sub_themes"]:
            rows.append((1, _("Unterthema"), s["title"]))
            indicators(s["key"], 2)
        for g in f["strategic_goals"]:
            rows.append((1, _("Leitziel"), g["title"]))
            indicators(g["key"], 2)
            for o in f["operational_goals"]:
                if o["strategic_goal"] == g["key"]:
                    rows.append((2, _("Handlungsziel"), o["title"]))
                    indicators(o["key"], 3)
        for o in f["operational_goals"]:
            if o["strategic_goal"] is None:
                rows.append((1, _("Handlungsziel"), o["title"]))
                indicators(o["key"], 2)
        for m in f["measures"]:
            rows.append((1, _("Maßnahme"), m["title"]))
            for a in m["actors"]:
                words = ", ".join(w for w in (str(ROLE_WORDS[a["role"]]), a.get("note", "")) if w)
                rows.append((2, _("Träger"), f"{actors[a['actor']]} ({words})"))
    return rows


def _indicator_label(indicator: dict[str, Any]) -> str:
    line = indicator["name"]
    if indicator["target_value"] is not None:
        line += " – " + _("Zielwert %(value)s (%(year)s)") % {
            "value": indicator["target_value"],
            "year": indicator["target_year"],
        }
    return line
