"""The demo: exchange-format files (`rheine.json`) and small loaders for what the format does
not hold. `loader` is Rheine, `large` the large town of `demo --large`; `workdays` keeps demo
dates off weekends and NRW's public holidays."""

from concepts.demo.loader import (
    ADMIN_USER,
    DEMO_USERS,
    TOWN_SLUG,
    load,
    load_editions,
    load_legal_texts,
    load_people,
    publish_adopted,
)

__all__ = [
    "ADMIN_USER",
    "DEMO_USERS",
    "TOWN_SLUG",
    "load",
    "load_editions",
    "load_legal_texts",
    "load_people",
    "publish_adopted",
]
