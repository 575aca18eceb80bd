"""From the council system's words to ours: result texts, roles, bodies.

OParl carries a result only as free text (`AgendaItem.result`), written by the clerk or chosen
from the system's own list ("ungeändert beschlossen", "mehrheitlich zugestimmt", …). Known
phrasings map onto our result kinds; anything else keeps its text (in the Bemerkung) and no
kind, so nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from participation.models import Committee, Consultation

Result = Consultation.Result

# Checked in order; the first pattern found in the normalised text wins. "ungeändert" before
# "geändert", negations ("nicht beschlossen") before "beschlossen".
RESULT_PATTERNS: list[tuple[str, str]] = [
    (r"\bzuruckgezogen\b", Result.WITHDRAWN),
    (r"\b(vertagt|zuruckgestellt|abgesetzt|geschoben)\b", Result.POSTPONED),
    (r"\b(abgelehnt|nicht beschlossen|nicht zugestimmt|nicht angenommen)\b", Result.REJECTED),
    (r"\b(verwiesen|uberwiesen)\b", Result.REFERRED),
    (r"\bkenntnis", Result.NOTED),
    (r"\bungeandert\b", Result.ADOPTED_UNCHANGED),
    (r"\b(geandert|mit anderungen?|in geanderter fassung|erganzt)\b", Result.ADOPTED_AMENDED),
    (r"\b(empfohlen|empfehlung|vorberaten|vorberatung)\b", Result.DELIBERATED),
    (r"\b(beschlossen|zugestimmt|angenommen|genehmigt|bestatigt)\b", Result.ADOPTED),
]

VOTE_PATTERNS = {
    "votes_yes": r"(?:\bja(?:-stimmen)?\s*[:=]?\s*(\d+)|(\d+)\s*ja\b)",
    "votes_no": (
        r"(?:\b(?:nein|gegenstimmen?)(?:-stimmen)?\s*[:=]?\s*(\d+)"
        r"|(\d+)\s*(?:nein|gegenstimmen?)\b)"
    ),
    "votes_abstain": r"(?:\benthaltung(?:en)?\s*[:=]?\s*(\d+)|(\d+)\s*enthaltung(?:en)?\b)",
}


def normalise(text: str) -> str:
    """Lower case without accents and umlaut dots, single spaces: "Ungeändert" → "ungeandert"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.replace("ß", "ss")).strip().lower()


@dataclass
class ResultReading:
    """What a free-text result says in our terms."""

    text: str  # the text as sent
    result: str = ""  # one of Consultation.Result, or "" when not recognised
    unanimous: bool = False
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None

    @property
    def recognised(self) -> bool:
        return bool(self.result)


def read_result(text: str | None) -> ResultReading:
    text = (text or "").strip()
    plain = normalise(text)
    reading = ResultReading(text=text)
    if not plain:
        return reading
    for pattern, result in RESULT_PATTERNS:
        if re.search(pattern, plain):
            reading.result = result
            break
    if reading.result in Consultation.ADOPTING_RESULTS or reading.result == Result.DELIBERATED:
        reading.unanimous = bool(re.search(r"\beinstimmig\b", plain))
    for field, pattern in VOTE_PATTERNS.items():
        match = re.search(pattern, plain)
        if match:
            setattr(reading, field, int(match.group(1) or match.group(2)))
    if reading.unanimous and reading.votes_no:
        reading.unanimous = False
    return reading


def read_role(consultation: dict) -> str:
    """Our Zuständigkeit from OParl's `authoritative` and the free-text `role`."""
    role = normalise(
        consultation.get("role", "") if isinstance(consultation.get("role"), str) else ""
    )
    if consultation.get("authoritative") is True or "entscheid" in role or "beschluss" in role:
        return Consultation.Role.DECISION
    if "kenntnis" in role:
        return Consultation.Role.NOTICE
    return Consultation.Role.PRELIMINARY


def suggest_committee(organization: dict, committees: list[Committee]) -> Committee | None:
    """Our Gremium with the same name or short name, as a suggestion the staff confirm."""
    names = {
        normalise(organization.get(key, ""))
        for key in ("name", "shortName")
        if isinstance(organization.get(key), str)
    } - {""}
    for committee in committees:
        if {normalise(committee.name), normalise(committee.short_name)} & names:
            return committee
    return None
