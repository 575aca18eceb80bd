"""Details the Word import reads from the text of a line or a table cell (docs/word-import.md):

- `parse_actors("Jobcenter (Leitung), VHS")` → the Träger with their role and note;
- `parse_indicator("Anteil … – Zielwert: 20 % bis 2027")` → an indicator's name, unit, target
  and baseline, in the fields of the exchange format's `extensions.indicators`.

Both only read text; what they return goes into the exchange document, which the exchange
import validates like any other file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A Träger named "(Federführung)", "(federführend)", "(Leitung)" … leads; "(Förderer)" funds;
# any other Träger takes part.
LEAD_WORDS = re.compile(
    r"\b(federführung|federführend|federf\.|leitung|leitend|hauptverantwortlich|"
    r"koordination|koordinierend|verantwortlich)\b",
    re.I,
)
FUNDER_WORDS = re.compile(r"\b(förderer|fördermittelgeber|zuwendungsgeber|finanzierung)\b", re.I)
PARTNER_WORDS = re.compile(r"\b(beteiligt|partner|kooperationspartner|mitwirkend)\b", re.I)
# Labels of a "Träger: …" line under a measure, and the role all names on it take when the
# names carry none of their own.
ACTOR_LINE = re.compile(
    r"^\s*(?:\*\*)?\s*(träger(?:innen|in)?|verantwortlich(?:e)?|zuständig(?:keit)?|"
    r"federführung|federführend|beteiligte|kooperationspartner(?:innen)?|partner(?:innen)?)"
    r"\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*",
    re.I,
)
# A label or column that names who leads: its first name without a role of its own leads.
LEAD_LABELS = re.compile(r"^\s*(federführ|verantwortlich)", re.I)
MAX_NAME = 250
MAX_NOTE = 200


@dataclass
class Involvement:
    name: str
    role: str  # "lead", "partner", "funder"
    note: str = ""
    words: str = ""  # the parenthesis as written


def _split_top_level(text: str) -> list[str]:
    """Split at commas, semicolons, line breaks, " / " and " und " outside parentheses;
    "und" not after a hyphen ("Kinder- und Jugendhilfe") and not inside a name with "für", "der"
    or "des" before it ("Amt für Schule und Bildung")."""
    parts, current, depth = [], "", 0
    i = 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if depth == 0:
            if char in ",;\n":
                parts.append(current)
                current = ""
                i += 1
                continue
            rest = text[i:]
            slash = re.match(r"\s+/\s+", rest)
            und = re.match(r"\s+und\s+", rest)
            if slash or (
                und
                and not current.endswith("-")
                and not re.search(r"\b(für|der|des|von)\b", current, re.I)
            ):
                parts.append(current)
                current = ""
                i += (slash or und).end()
                continue
        current += char
        i += 1
    parts.append(current)
    return [p.strip() for p in parts if p.strip(" .\t")]


def _role_and_note(bracket: str) -> tuple[str | None, str]:
    """The role a parenthesis names and the rest of it as the note."""
    for regex, role in ((LEAD_WORDS, "lead"), (FUNDER_WORDS, "funder"), (PARTNER_WORDS, "partner")):
        match = regex.search(bracket)
        if match:
            rest = (bracket[: match.start()] + bracket[match.end() :]).strip(" ,;:–-")
            return role, re.sub(r"\s{2,}", " ", rest)
    return None, bracket.strip()


def parse_actors(text: str, label: str = "", header: str = "") -> list[Involvement]:
    """The Träger named in a cell or a "Träger: …" line, one per organisation (the first
    mention counts), with the role read from the parenthesis after the name: Federführung,
    Leitung … → lead (only the first; a second one takes part, its words kept as the note),
    Förderer … → funder, otherwise partner. The rest of the parenthesis is the note. `label`
    (the word before the colon) or `header` (the column) "Federführung"/"Verantwortlich" makes
    the first name without a role of its own the lead."""
    text = re.sub(r"\*\*|__", "", text)
    found: dict[str, Involvement] = {}
    for part in _split_top_level(text):
        match = re.match(r"^(.*?)\s*[(\[]\s*(.*?)\s*[)\]]\s*$", part, re.S)
        name, bracket = (match.group(1), match.group(2)) if match else (part, "")
        name = re.sub(r"^[-•–]\s*", "", name).strip(" :")
        if not name:
            continue
        role, note = _role_and_note(bracket) if bracket else (None, "")
        key = name.casefold()
        if key in found:
            continue
        found[key] = Involvement(name[:MAX_NAME].strip(), role or "", note[:MAX_NOTE], bracket)
    involvements = list(found.values())
    lead_label = bool(LEAD_LABELS.match(label) or LEAD_LABELS.match(header))
    if lead_label and involvements and not any(i.role == "lead" for i in involvements):
        first_plain = next((i for i in involvements if not i.role), None)
        if first_plain is not None:
            first_plain.role = "lead"
    seen_lead = False
    for involvement in involvements:
        if involvement.role == "lead":
            if seen_lead:  # a measure has one lead; the others take part, their words kept
                involvement.role = "partner"
                involvement.note = involvement.words[:MAX_NOTE]
            seen_lead = True
        elif not involvement.role:
            involvement.role = "partner"
    return involvements


def actor_line(text: str) -> tuple[str, str] | None:
    """(label, the names) of a line "Träger: …", "Federführung: …"; None for other lines."""
    match = ACTOR_LINE.match(text)
    if not match or not text[match.end() :].strip():
        return None
    return match.group(1), text[match.end() :].strip()


# ---------------------------------------------------------------------------------------------
# Indicators

NUMBER = r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:[,.]\d+)?"
YEAR = r"(?:19|20)\d\d"
UNIT_WORDS = [
    (re.compile(r"^(%|prozent|v\.\s?h\.)$", re.I), "percent"),
    (re.compile(r"^(€|euro|eur)$", re.I), "euro"),
    (
        re.compile(r"^(personen|menschen|teilnehmende|teilnehmer(?:innen)?|kinder|frauen)$", re.I),
        "persons",
    ),
    (re.compile(r"^(jahre|jahren)$", re.I), "years"),
    (re.compile(r"^(anzahl|stück)$", re.I), "count"),
    (re.compile(r"^(je|pro) 1\.?000( einwohner(?:/innen|innen)?)?$", re.I), "per_thousand"),
]
UNIT_AFTER = r"(?!(?:bis|in|im|für|ab)\b)([^\s\d,;()–]+(?:\s+(?:je|pro)\s+1\.?000(?:\s+\w+)?)?)?"
TARGET = re.compile(
    rf"\b(?:(?:zielwert|zielgröße|zielmarke|sollwert|soll)\s*(?:\(?({YEAR})\)?)?\s*[:=]?"
    rf"|ziel\s*(?:\(?({YEAR})\)?)?\s*[:=])\s*"
    rf"(?:(?:mind(?:estens)?\.?|max(?:imal)?\.?|rund|ca\.|etwa|über|unter)\s*)?"
    rf"({NUMBER})\s*{UNIT_AFTER}"
    rf"(?:\s*(?:bis|in|im jahr|für|\()\s*(?:ende\s+)?({YEAR})\)?)?",
    re.I,
)
BASELINE = re.compile(
    rf"\b(?:(?:ausgangswert|basiswert|ist-stand|iststand|istwert)\s*(?:\(?({YEAR})\)?)?\s*[:=]?"
    rf"|ausgangslage\s*(?:\(?({YEAR})\)?)?\s*[:=])\s*"
    rf"({NUMBER})\s*{UNIT_AFTER}"
    rf"(?:\s*(?:in|im jahr|\()\s*(?:ende\s+)?({YEAR})\)?)?",
    re.I,
)
EXPLICIT_UNIT = re.compile(r"\beinheit\s*:\s*([^;,()–]+)", re.I)
MAX_INDICATOR_NAME = 300


def decimal_text(text: str) -> str | None:
    """A German number ("1.200", "12,5") as the exchange format writes decimals ("1200", "12.5");
    None if it is not one or has more places than the format keeps."""
    text = text.strip()
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    return text if re.fullmatch(r"-?[0-9]{1,14}(\.[0-9]{1,4})?", text) else None


def unit_of(word: str) -> tuple[str, str]:
    """(unit, unit_other) for a unit as written: "%" → percent, "Plätze" → other "Plätze"."""
    word = word.strip(" .:")
    if not word:
        return "", ""
    for regex, unit in UNIT_WORDS:
        if regex.match(word):
            return unit, ""
    return "other", word[:60]


def _guess_unit(name: str) -> str:
    if re.search(r"\b(anteil|quote|prozent)\b|%", name, re.I):
        return "percent"
    if re.search(r"\b(anzahl|zahl der|zahl an)\b", name, re.I):
        return "count"
    return ""


def parse_indicator(text: str, columns: dict[str, str] | None = None) -> dict:
    """The fields of an indicator from a line ("Indikator: Anteil … – Zielwert: 20 % bis 2027")
    or, in `columns`, the cells of an indicator's table row by meaning (unit, target,
    target_year, baseline, source). Keys: name, unit, unit_other, target_value, target_year,
    baseline_value, baseline_year, source, rest (what was read but has no field)."""
    columns = columns or {}
    plain = re.sub(r"\*\*|__", "", text).strip()
    name_end = len(plain)
    target_value = target_year = baseline_value = baseline_year = None
    unit, unit_other = "", ""
    target = TARGET.search(plain)
    if target:
        value = decimal_text(target.group(3))
        if value is not None:
            target_value = value
            year = target.group(1) or target.group(2) or target.group(5)
            target_year = int(year) if year else None
            if target.group(4):
                unit, unit_other = unit_of(target.group(4))
            name_end = min(name_end, target.start())
    baseline = BASELINE.search(plain)
    if baseline:
        value = decimal_text(baseline.group(3))
        if value is not None:
            baseline_value = value
            year = baseline.group(1) or baseline.group(2) or baseline.group(5)
            baseline_year = int(year) if year else None
            if baseline.group(4) and not unit:
                unit, unit_other = unit_of(baseline.group(4))
            name_end = min(name_end, baseline.start())
    explicit = EXPLICIT_UNIT.search(plain)
    if explicit:
        unit, unit_other = unit_of(explicit.group(1))
        name_end = min(name_end, explicit.start())
    name = plain[:name_end].rstrip(" ,;:–-(").strip()
    rest = plain[name_end:].strip(" ,;–-()") if name_end < len(plain) else ""
    # table columns say it more precisely than the words in a line
    if columns.get("unit"):
        unit, unit_other = unit_of(columns["unit"])
    if columns.get("target"):
        cell = columns["target"]
        number = re.search(NUMBER, cell)
        value = decimal_text(number.group(0)) if number else None
        if value is not None:
            target_value = value
            after = cell[number.end() :].strip()
            word = re.match(r"([^\s\d,;()–]+)", after)
            if word and not unit and not re.fullmatch(r"bis|in|im", word.group(1), re.I):
                unit, unit_other = unit_of(word.group(1))
            year = re.search(rf"\b({YEAR})\b", cell[number.end() :])
            if year:
                target_year = int(year.group(1))
    if columns.get("target_year"):
        year = re.search(rf"\b({YEAR})\b", columns["target_year"])
        if year:
            target_year = int(year.group(1))
    if columns.get("baseline"):
        cell = columns["baseline"]
        number = re.search(NUMBER, cell)
        value = decimal_text(number.group(0)) if number else None
        if value is not None:
            baseline_value = value
            year = re.search(rf"\b({YEAR})\b", cell[number.end() :])
            baseline_year = int(year.group(1)) if year else baseline_year
    if not unit:
        unit = _guess_unit(name)
    return {
        "name": name[:MAX_INDICATOR_NAME],
        "unit": unit,
        "unit_other": unit_other,
        "target_value": target_value,
        "target_year": target_year,
        "baseline_value": baseline_value,
        "baseline_year": baseline_year,
        "source": columns.get("source", "")[:300],
        "rest": rest,
    }
