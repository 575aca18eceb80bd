"""The integration concept and the towns and people it belongs to.

Kommune → Municipality · Mitgliedschaft/Rolle → Membership · Integrationskonzept → Concept ·
Fassung/Fortschreibung → Edition · Leitbild/Leitsatz → Vision/GuidingPrinciple ·
Kapitel → Chapter · Handlungsfeld → FieldOfAction · Unterthema → SubTheme ·
Schwerpunkt → FocusArea · Abschnitt eines Handlungsfelds → FieldSection ·
Querschnittsthema → CrossCuttingTheme · Leitziel → StrategicGoal ·
Handlungsziel/Teilziel → OperationalGoal · Maßnahme → Measure · Träger/Akteur (role) →
MeasureActor · Umsetzungsmarker → Milestone · Akteur → Actor · Bewertung → GoalAssessment ·
Kopie-Verknüpfung (Fortschreibung) → CopyLink
"""

from concepts.models.actors import Actor
from concepts.models.base import OrderedModel, TimeStampedModel
from concepts.models.editions import (
    Chapter,
    Concept,
    CrossCuttingTheme,
    Edition,
    GuidingPrinciple,
    Vision,
)
from concepts.models.goals import (
    FieldOfAction,
    FieldSection,
    FocusArea,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
)
from concepts.models.lineage import CopyLink, GoalAssessment
from concepts.models.measures import Measure, MeasureActor, Milestone
from concepts.models.municipalities import Membership, Municipality

__all__ = [
    "Actor",
    "Chapter",
    "Concept",
    "CopyLink",
    "CrossCuttingTheme",
    "Edition",
    "FieldOfAction",
    "FieldSection",
    "FocusArea",
    "GoalAssessment",
    "GuidingPrinciple",
    "Measure",
    "MeasureActor",
    "Membership",
    "Milestone",
    "Municipality",
    "OperationalGoal",
    "OrderedModel",
    "StrategicGoal",
    "SubTheme",
    "TimeStampedModel",
    "Vision",
]
