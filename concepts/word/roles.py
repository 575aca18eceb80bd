"""Proposing a role for every line of a Word document, and the corrections that override it.

`propose(lines, rules)` → one role per line. The proposal reads, in this order (the first that
says something wins; docs/word-import.md explains it for the staff):

1. the corrections (`Rules`): for this line, for all lines of this style, for all lines of this
   number pattern ("N.N", "HF N", "M N.N");
2. the line's own words: a typed prefix such as "HF 3", "Handlungsfeld", "Leitziel 1:",
   "Ziel 2.1", "M 1.4", "Maßnahme:", "Indikator:";
3. the table it is in: a table whose header names "Maßnahme" makes its rows measures (columns
   Träger, Zeitraum, Status, Indikator … are read by their header), "Leitziel"/"Handlungsziel"
   headers make goals; a table without a header row that follows such a table continues it
   (a table broken over pages);
4. the heading it is under: "Leitbild", "Leitsätze", "Handlungsfelder", "Ziele", "Leitziele",
   "Handlungsziele", "Konkret bedeutet dies", "Maßnahmen", "Indikatoren" give the role of the
   list items and paragraphs below them;
5. the outline: the heading level (style "Überschrift n"/"Heading n", outline level) or the depth
   of the number ("3.2.1") relative to the level where the fields of action are.

What is not an element is "text": it belongs to the element above it (its description).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts.word import WordProblem
from concepts.word.details import actor_line
from concepts.word.reader import Line

RULES_FORMAT = "integrationskonzept-word-regeln/1"

ROLES = {
    "title": gettext_lazy("Titel des Konzepts"),
    "chapter": gettext_lazy("Kapitel (Teil A)"),
    "vision": gettext_lazy("Leitbild"),
    "principle": gettext_lazy("Leitsatz"),
    "field": gettext_lazy("Handlungsfeld"),
    "sub_theme": gettext_lazy("Unterthema"),
    "strategic_goal": gettext_lazy("Leitziel"),
    "operational_goal": gettext_lazy("Handlungsziel"),
    "measure": gettext_lazy("Maßnahme"),
    "indicator": gettext_lazy("Indikator"),
    "text": gettext_lazy("Text zum Element darüber"),
    "skip": gettext_lazy("Auslassen"),
}

# A typed prefix and the role it names. Order matters: "Handlungsziel" before "Handlungsfeld".
# A typed number after a keyword: "1", "2.1", "3.2.1", ended by ".", ":", ")" or a space.
NUM = r"\d+(?:\.\d+)*(?:[.:)]|(?=\s)|$)"
PREFIXES = [
    (rf"(?:Handlungsziele?|HZ)\s*{NUM}|Handlungsziele?\s*:", "operational_goal"),
    (rf"(?:Leitziele?|LZ)\s*{NUM}|Leitziele?\s*:", "strategic_goal"),
    (rf"Ziel\s*{NUM}|Ziel\s*:", "operational_goal"),
    (r"(?:Handlungsfeld|HF)\s*\d+(?:[.:)]|(?=\s)|$)|Handlungsfeld\s*:?", "field"),
    (rf"(?:Maßnahme|M)\s*{NUM}|Maßnahme\s*:", "measure"),
    (rf"(?:Indikator|I)\s*{NUM}|Indikator\s*:", "indicator"),
    (r"Unterthema\s*\d*(?:\.\d+)*\s*:?", "sub_theme"),
    (r"Leitsatz\s*\d*\s*:?", "principle"),
    (r"Leitbild\b", "vision"),
]
PREFIX_PATTERNS = [
    (re.compile(rf"^\s*(?:{p})(?![a-zäöüß])\s*", re.I), role) for p, role in PREFIXES
]
GOAL_LIKE = {"field", "sub_theme", "strategic_goal", "operational_goal", "measure", "indicator"}
NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)(\.?)(?=\s)")

# Headings whose items below them get a role (the section keyword).
SECTION_KEYWORDS = [
    (re.compile(r"^(leitsätze|leitsätze und|unsere leitsätze)\b", re.I), "principle"),
    (re.compile(r"^leitziele?\b", re.I), "strategic_goal"),
    (
        re.compile(r"^(handlungsziele|ziele|konkret bedeutet dies|unsere ziele)\b", re.I),
        "operational_goal",
    ),
    (re.compile(r"^maßnahmen\b", re.I), "measure"),
    (re.compile(r"^indikatoren\b", re.I), "indicator"),
    (re.compile(r"^unterthemen\b", re.I), "sub_theme"),
]
FIELDS_HEADING = re.compile(r"^handlungsfelder\b", re.I)
VISION_HEADING = re.compile(r"^(leitbild|integrationsverständnis|unser leitbild)\b", re.I)

# Column headers of tables (lower case, start of the header text).
COLUMNS = {
    "measure": ("maßnahme", "maßnahmen", "titel der maßnahme", "bezeichnung"),
    "strategic_goal": ("leitziel", "leitziele"),
    "operational_goal": ("handlungsziel", "handlungsziele", "ziel", "ziele"),
    "actors": ("träger", "verantwortlich", "zuständig", "federführung", "beteiligte"),
    "period": ("zeitraum", "zeitrahmen", "umsetzung", "laufzeit", "zeitplan"),
    "status": ("status", "stand"),
    "indicator": ("indikator", "indikatoren", "kennzahl"),
    "description": ("beschreibung", "inhalt", "erläuterung", "kurzbeschreibung", "definition"),
    "costs": ("kosten", "sachkosten"),
    # the columns of an indicator (in a table of indicators, or beside an Indikator column)
    "unit": ("einheit", "maßeinheit"),
    "target": ("zielwert", "zielwerte", "zielgröße", "sollwert", "soll"),
    "target_year": ("zieljahr",),
    "baseline": ("ausgangswert", "basiswert", "istwert", "ist stand", "ist wert"),
    "source": ("quelle", "datenquelle"),
}
INDICATOR_COLUMNS = {"indicator", "unit", "target", "target_year", "baseline", "source"}


def column_of(header_text: str) -> str | None:
    """The meaning of a table column from its header text, or None."""
    text = re.sub(r"[^\wäöüß ]", " ", header_text.lower()).strip()
    for meaning, words in COLUMNS.items():
        if any(text == w or text.startswith(w + " ") for w in words):
            return meaning
    return None


def table_kind(header: list[str]) -> str | None:
    """ "measure", "indicator" (first column Indikator), "goals" (Leitziel + Handlungsziel
    columns), "strategic_goal", "operational_goal", "indicator" (an Indikator column) or None."""
    meanings = [column_of(h) for h in header]
    if "measure" in meanings:
        return "measure"
    if meanings and meanings[0] == "indicator":
        return "indicator"  # a table of indicators ("Indikator | Ziel | Zieljahr"): "Ziel" is
        # the target there, not a goal
    if "strategic_goal" in meanings and "operational_goal" in meanings:
        return "goals"
    if "strategic_goal" in meanings:
        return "strategic_goal"
    if "operational_goal" in meanings:
        return "operational_goal"
    if "indicator" in meanings:
        return "indicator"
    return None


def pattern_of(line: Line) -> str:
    """The line's number pattern: "N.N" for "3.2", "HF N" for "HF 3", "" without a number."""
    for regex, _role in PREFIX_PATTERNS:
        match = regex.match(line.text.replace("*", ""))
        if match and re.search(r"\d", match.group(0)):
            word = re.match(r"\s*([^\W\d]+)", match.group(0))
            digits = re.search(r"\d+(?:\.\d+)*", match.group(0)).group(0)
            shape = re.sub(r"\d+", "N", digits)
            return f"{word.group(1) if word else ''} {shape}".strip()
    number = line.number or number_typed(line.text)
    if number:
        return re.sub(r"[a-z]", "a", re.sub(r"\d+", "N", number.rstrip(".)")))
    return ""


def number_typed(text: str) -> str:
    match = NUMBER.match(text.replace("*", ""))
    return match.group(1) if match else ""


def depth(line: Line) -> int | None:
    """The outline depth: heading level, else the depth of a decimal number ("3.2.1" → 3)."""
    if line.level is not None:
        return line.level
    number = line.number or number_typed(line.text)
    if number and line.kind != "list" and re.fullmatch(r"\d+(?:\.\d+)*\.?", number):
        return number.rstrip(".").count(".") + 1
    return None


def prefix_role(text: str) -> str | None:
    plain = text.replace("*", "")
    for regex, role in PREFIX_PATTERNS:
        if regex.match(plain):
            return role
    return None


def strip_prefix(text: str, role: str) -> str:
    """The title without its typed number or keyword ("HF 3: Sprache" → "Sprache")."""
    plain = text.replace("**", "") if text.startswith("**") else text
    # the role's own prefixes first; a goal, measure … corrected from another role loses the
    # other role's prefix too ("Leitziel: X" made a Handlungsziel is "X")
    own = [regex for regex, prefix_role_ in PREFIX_PATTERNS if prefix_role_ == role]
    if role in GOAL_LIKE:
        own += [regex for regex, prefix_role_ in PREFIX_PATTERNS if prefix_role_ in GOAL_LIKE]
    for regex in own:
        match = regex.match(plain)
        if match and match.end() < len(plain):
            return plain[match.end() :].lstrip(" :–-").strip()
    match = NUMBER.match(plain)
    if match and match.end() < len(plain):
        return plain[match.end() :].lstrip(" :–-").strip()
    return plain.strip()


@dataclass
class Rules:
    """Corrections of the proposal: by line id, by style, by number pattern; merges and splits.

    Saved as a rules file (JSON) they apply to the next document of the same shape: line ids
    only to the same document, styles and patterns to any.
    """

    lines: dict[int, str] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)
    merges: list[int] = field(default_factory=list)
    splits: dict[int, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": RULES_FORMAT,
            "lines": {str(k): v for k, v in sorted(self.lines.items())},
            "styles": dict(sorted(self.styles.items())),
            "patterns": dict(sorted(self.patterns.items())),
            "merges": sorted(set(self.merges)),
            "splits": {str(k): v for k, v in sorted(self.splits.items())},
        }

    def dumps(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> Rules:
        """Rules from a parsed rules file; WordProblem with a German message if it is not one."""
        if not isinstance(data, dict) or data.get("format") != RULES_FORMAT:
            raise WordProblem(
                _("Die Regeldatei hat nicht das Format „%(format)s“.") % {"format": RULES_FORMAT}
            )
        try:
            rules = cls(
                lines={int(k): v for k, v in data.get("lines", {}).items()},
                styles=dict(data.get("styles", {})),
                patterns=dict(data.get("patterns", {})),
                merges=[int(k) for k in data.get("merges", [])],
                splits={int(k): str(v) for k, v in data.get("splits", {}).items()},
            )
        except (TypeError, ValueError, AttributeError):
            raise WordProblem(_("Die Regeldatei ist fehlerhaft.")) from None
        for where, mapping in (("lines", rules.lines), ("styles", rules.styles)):
            for key, role in list(mapping.items()) + list(rules.patterns.items()):
                if role not in ROLES:
                    raise WordProblem(
                        _("Unbekannte Rolle „%(role)s“ in der Regeldatei (%(where)s, „%(key)s“).")
                        % {"role": role, "where": where, "key": key}
                    )
        return rules

    @classmethod
    def loads(cls, raw: bytes | str) -> Rules:
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise WordProblem(_("Die Regeldatei ist kein gültiges JSON.")) from None
        return cls.from_dict(data)


def apply_edits(lines: list[Line], rules: Rules) -> list[Line]:
    """The lines after the merges and splits of the rules (line ids stay those of the document;
    the second half of a split line gets the id of the line plus a fraction in `id`'s place as
    a new number at the end)."""
    merges = set(rules.merges)
    out: list[Line] = []
    next_id = max((line.id for line in lines), default=-1) + 1
    skip_until = None
    for i, line in enumerate(lines):
        if skip_until is not None and i <= skip_until:
            continue
        if line.id in merges and i + 1 < len(lines):
            merged = Line(**{**line.as_dict()})
            j = i
            while lines[j].id in merges and j + 1 < len(lines):
                j += 1
                merged.text = f"{merged.text} {lines[j].text}".strip()
                merged.footnotes = merged.footnotes + lines[j].footnotes
            skip_until = j
            line = merged
        split_at = rules.splits.get(line.id)
        if split_at and split_at in line.text and line.text.index(split_at) > 0:
            cut = line.text.index(split_at)
            first = Line(**{**line.as_dict(), "text": line.text[:cut].strip()})
            second = Line(
                **{
                    **line.as_dict(),
                    "id": next_id,
                    "text": line.text[cut:].strip(),
                    "number": "",
                    "level": None,
                    "kind": "paragraph" if line.kind in ("heading", "title") else line.kind,
                    "footnotes": [],
                }
            )
            next_id += 1
            out += [first, second]
        else:
            out.append(line)
    return out


class _Proposer:
    def __init__(self, lines: list[Line], rules: Rules):
        self.lines = lines
        self.rules = rules
        headings = [
            line for line in lines if line.kind == "heading" or self._numbered_heading(line)
        ]
        self.by_prefix = any(prefix_role(line.text) == "field" for line in headings)
        self.field_depth = self._field_depth(headings)

    @staticmethod
    def _numbered_heading(line: Line) -> bool:
        """A short paragraph starting with a decimal number ("3.2 Sprache") reads as a heading."""
        return line.kind == "paragraph" and depth(line) is not None and len(line.text) < 160

    def _field_depth(self, headings: list[Line]) -> int | None:
        """The outline depth of the fields of action: where "HF n"/"Handlungsfeld" headings are,
        else one below a "Handlungsfelder" heading."""
        for line in headings:
            if prefix_role(line.text) == "field":
                return depth(line)
        for line in headings:
            if FIELDS_HEADING.match(strip_prefix(line.text, "")):
                return (depth(line) or 0) + 1
        return None

    def run(self) -> list[str]:
        roles: list[str] = []
        section: str | None = None  # the role the keyword heading above gives to items
        section_depth = 0
        under_fields = False  # below the "Handlungsfelder" heading
        fields_heading_depth: int | None = None
        last_table: tuple[int | None, str | None] = (None, None)
        table_kinds: dict[int, str | None] = {}
        table_headers: dict[int, list[str]] = {}
        seen_title = False
        for index, line in enumerate(self.lines):
            text = line.text
            plain = strip_prefix(text, "")
            prefix = prefix_role(text)
            d = depth(line) if line.kind != "list" else None
            if line.kind == "title":
                proposed = "title" if not seen_title else "chapter"
                seen_title = True
            elif line.kind == "subtitle":
                proposed = "skip"
            elif line.kind == "row":
                if line.table not in table_kinds:
                    kind = table_kind(line.header)
                    header = line.header
                    if kind is None and last_table[0] is not None and last_table[1]:
                        # a table without a known header right after one continues it
                        kind, header = last_table[1], table_headers[last_table[0]]
                    table_kinds[line.table] = kind
                    table_headers[line.table] = header
                kind = table_kinds[line.table]
                line.header = table_headers[line.table]
                if kind is None:
                    proposed = "text"
                elif line.is_header and table_kind(line.cells):
                    proposed = "skip"
                elif kind == "goals":
                    proposed = "strategic_goal"
                else:
                    proposed = kind
                last_table = (line.table, kind)
            elif line.kind == "heading" or self._numbered_heading(line):
                last_table = (None, None)
                if section and (d is None or d <= section_depth):
                    section = None
                keyword = self._section_keyword(text)
                if prefix == "field" and (d is None or d <= (self.field_depth or d)):
                    proposed = "field"
                elif prefix == "field":
                    proposed = "text"  # "Handlungsfeld …" deeper than the fields: a subheading
                elif FIELDS_HEADING.match(plain):
                    # a chapter when text follows, else only the bracket around the fields
                    proposed = "chapter" if d == 1 and self._has_text_below(index) else "skip"
                    under_fields, fields_heading_depth = True, d
                elif prefix == "vision" or VISION_HEADING.match(plain):
                    proposed = "vision"
                    section, section_depth = "principle", d or 0
                elif prefix and pattern_of(line):
                    proposed = prefix  # "Leitziel 1.1: …" is a goal, not the "Leitziele" section
                elif keyword:
                    proposed = "skip"
                    section, section_depth = keyword, d or 0
                elif prefix:
                    proposed = prefix
                elif not self.by_prefix and under_fields and d == self.field_depth:
                    proposed = "field"
                elif (
                    fields_heading_depth is not None and d is not None and d <= fields_heading_depth
                ):
                    proposed = "chapter" if d == 1 else "text"
                    under_fields = False
                elif d == 1:
                    proposed = "chapter"
                    under_fields = False
                else:
                    proposed = "text"
            else:
                keyword = self._section_keyword(text) if line.kind == "paragraph" else None
                if actor_line(text):
                    proposed = "text"  # "Träger: …" under a measure: read into its Träger
                elif prefix and not (keyword and plain.rstrip().endswith(":")):
                    proposed = prefix
                elif keyword and len(plain) < 60:
                    # "Konkret bedeutet dies:" or "Maßnahmen:" as a paragraph opens a list
                    proposed = "skip"
                    section, section_depth = keyword, 99
                elif section and line.kind == "list":
                    proposed = section
                else:
                    proposed = "text"
            roles.append(self._corrected(line) or proposed)
        return roles

    def _has_text_below(self, index: int) -> bool:
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        return following is not None and following.kind in ("paragraph", "list")

    def _section_keyword(self, text: str) -> str | None:
        plain = strip_prefix(text, "").replace("*", "").rstrip(" :")
        for regex, role in SECTION_KEYWORDS:
            if regex.match(plain) and len(plain) < 60:
                return role
        return None

    def _corrected(self, line: Line) -> str | None:
        rules = self.rules
        if line.id in rules.lines:
            return rules.lines[line.id]
        if line.style and line.style in rules.styles:
            return rules.styles[line.style]
        pattern = pattern_of(line)
        if pattern and pattern in rules.patterns:
            return rules.patterns[pattern]
        return None


def propose(lines: list[Line], rules: Rules | None = None) -> list[str]:
    """A role from ROLES for every line (after `apply_edits`)."""
    return _Proposer(lines, rules or Rules()).run()
