"""A compact tree of an edition for the Word tests: what the import made, in order."""

from concepts.exchange.export import edition_export


def tree_of(data: dict) -> dict:
    """{"chapters": [...], "vision": ..., "principles": [...], "fields": [{"title", "goals",
    "measures"}]} from exchange data (an export or the document the Word import built)."""
    return {
        "chapters": [c["title"] for c in data["chapters"]],
        "vision": data["vision"]["title"] if data["vision"] else None,
        "principles": [p["title"] for p in data["guiding_principles"]],
        "fields": [
            {
                "title": f["title"],
                "sub_themes": [s["title"] for s in f["sub_themes"]],
                "goals": [
                    (
                        g["title"],
                        [
                            o["title"]
                            for o in f["operational_goals"]
                            if o["strategic_goal"] == g["key"]
                        ],
                    )
                    for g in f["strategic_goals"]
                ]
                + [
                    (None, [o["title"]])
                    for o in f["operational_goals"]
                    if o["strategic_goal"] is None
                ],
                "measures": [m["title"] for m in f["measures"]],
            }
            for f in data["fields_of_action"]
        ],
    }


def edition_tree(edition) -> dict:
    return tree_of(edition_export(edition))
