"""An OParl consumer for the tests: crawls everything, and keeps a copy up to date.

`crawl()` visits every URL under /oparl/v1/ that the API links (every list page, every object
by its id, the objects embedded in others) and checks each against the official schemas.
`Consumer` is what an importer such as Meine Stadt Transparent does: a full read of every list
of every body, then updates with `modified_since` that apply tombstones (`deleted: true`).
"""

from dataclasses import dataclass, field

from tests.participation.oparl.schema_check import embedded_objects, problems

API = "http://testserver/oparl/v1/"
NOT_FOLLOWED = {"accessUrl", "downloadUrl", "web", "website", "license"}
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)


def fetch(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def links_in(value, key=""):
    """The API URLs an object or list page links (not the file contents)."""
    if key in NOT_FOLLOWED:
        return
    if isinstance(value, str):
        if value.startswith(API):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from links_in(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from links_in(v, k)


@dataclass
class Crawl:
    pages: int = 0
    objects: dict = field(default_factory=dict)  # id → the object fetched by its id
    copies: list = field(default_factory=list)  # (where, object) in lists and embedded
    violations: list = field(default_factory=list)


def crawl(client, start=API):
    """Visit everything reachable from `start`, checking every object against the schemas."""
    result, queue, seen = Crawl(), [start], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        data = fetch(client, url)
        result.pages += 1
        if "data" in data and "pagination" in data:
            result.violations += page_problems(url, data)
            for obj in data["data"]:
                result.violations += problems(obj, where=url)
                result.copies.append((url, obj))
                queue += links_in(obj)
            queue += data["links"].values()
            continue
        result.violations += problems(data, where=url)
        result.objects[url] = data
        if data.get("id") != url:
            result.violations.append(f"{url}: id ist {data.get('id')}")
        for key, embedded in embedded_objects(data):
            result.copies.append((f"{url} {key}", embedded))
            queue.append(embedded["id"])
        queue += links_in(data)
    return result


def page_problems(url, page):
    """A list page as spec §2.5 wants it: data, pagination, links, `next` but on the last."""
    found = []
    if not isinstance(page["data"], list):
        found.append(f"{url}: data ist keine Liste")
    if not set(page["links"]) >= {"first", "last", "self"}:
        found.append(f"{url}: links unvollständig")
    numbers = page["pagination"]
    if numbers["currentPage"] < numbers["totalPages"] and "next" not in page["links"]:
        found.append(f"{url}: next fehlt")
    return found


BACK_REFERENCES = ("meeting", "paper", "person", "meetings", "body")


def same_object(copy, standalone):
    """A copy in a list equals the object; an embedded copy lacks only the back-reference."""
    extra = set(standalone) - set(copy)
    return extra <= set(BACK_REFERENCES) and all(copy[k] == standalone[k] for k in copy)


class Consumer:
    """Keeps `store` (id → object) equal to the API, as an importer does."""

    def __init__(self, client, **params):
        self.client, self.params, self.store = client, params, {}

    def pages(self, url, **params):
        while url:
            page = fetch(self.client, url, **params)
            yield from page["data"]
            url = page["links"].get("next")
            params = {}  # the links carry the filters

    def bodies(self, **params):
        system = fetch(self.client, API)
        yield from self.pages(system["body"], **self.params, **params)

    def read(self, **params):
        """Every object of every list of every body (with `params`, e.g. modified_since)."""
        if params:
            yield from self.bodies(**params)  # changed and deleted bodies
        for body in list(self.bodies()):
            if not params:
                yield body
            for name in BODY_LISTS:
                yield from self.pages(body[name], **self.params, **params)

    def full_read(self):
        self.store = {obj["id"]: obj for obj in self.read()}

    def update(self, since):
        """Apply what changed since `since` (ISO 8601); tombstones remove objects."""
        for obj in list(self.read(modified_since=since)):
            if obj.get("deleted"):
                self.store.pop(obj["id"], None)
            else:
                self.store[obj["id"]] = obj
