"""An anonymous crawler over the site, for the tests that look for leaked secrets.

It starts at some URLs, fetches each as a visitor without login and follows every same-origin
link inside the areas it is given: links of HTML pages (href, src, action), every URL in an
OParl JSON answer (including the `links` of each list page, and each list once more with
`limit=1`, so that every page of every list is walked), and the static assets. A PDF's text is
read with `pdftotext`. Links outside the areas are fetched once, not followed, so that their
answers (mostly the login redirect) are checked too.
"""

import json
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

ORIGIN = "http://testserver"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def links_of(html):
    parser = Links()
    parser.feed(html)
    return parser.links


def urls_in_json(value):
    """Every string in the JSON document that is a URL of this site."""
    if isinstance(value, dict):
        for item in value.values():
            yield from urls_in_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in_json(item)
    elif isinstance(value, str) and value.startswith(f"{ORIGIN}/"):
        yield value


def pdf_text(data):
    """The text of a PDF as `pdftotext` reads it (the bytes as text if it is no real PDF)."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed for the PDF checks"
    result = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 - the test machine's poppler-utils
        input=data,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        return data.decode("latin-1")
    return result.stdout.decode("utf-8", errors="replace")


def local_path(url, base):
    """`url` as a path (with query) of this site, or None for mailto:, other hosts …"""
    target = urlsplit(urljoin(f"{ORIGIN}{base}", url))
    if target.scheme not in ("http", "https") or target.netloc != "testserver":
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def with_limit_one(path):
    parts = urlsplit(path)
    query = dict(parse_qsl(parts.query))
    if "limit" in query:
        return None
    query.update(limit="1", page="1")
    return f"{parts.path}?{urlencode(query)}"


class Crawl:
    """{path: text} of everything fetched; `statuses`, `kinds` and `outside` beside it."""

    def __init__(self, client, *, follow, limit=600):
        self.client = client
        self.follow = follow  # path → bool: inside the crawled area
        self.limit = limit
        self.fetched = {}
        self.statuses = {}
        self.kinds = {}
        self.outside = {}

    def run(self, starts):
        queue, seen = list(starts), set()
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            assert len(self.fetched) < self.limit, f"more than {self.limit} URLs: {path}"
            for link in self.fetch(path):
                if link.startswith(settings.STATIC_URL) or self.follow(link):
                    queue.append(link)
                else:
                    self.outside.setdefault(link, path)
        for link in list(self.outside):
            if link not in self.fetched:
                self.fetch(link)
        return self

    def fetch(self, path):
        if path.startswith(settings.STATIC_URL):
            found = finders.find(urlsplit(path).path[len(settings.STATIC_URL) :])
            assert found, f"asset {path} does not exist"
            with open(found, "rb") as asset:
                self.fetched[path] = asset.read().decode("utf-8", errors="replace")
            self.statuses[path], self.kinds[path] = 200, "asset"
            return []
        response = self.client.get(path)
        self.statuses[path] = response.status_code
        content_type = response.get("Content-Type", "")
        data = b"".join(response.streaming_content) if response.streaming else response.content
        links = []
        if response.status_code in (301, 302, 303, 307, 308):
            self.kinds[path] = "redirect"
            self.fetched[path] = data.decode("utf-8", errors="replace") + response["Location"]
            return []
        if data.startswith(b"%PDF") or "pdf" in content_type:
            self.kinds[path] = "pdf"
            self.fetched[path] = pdf_text(data)
            return []
        text = data.decode("utf-8", errors="replace")
        self.fetched[path] = text
        if "json" in content_type:
            self.kinds[path] = "json"
            document = json.loads(text)
            links = [local_path(url, path) for url in urls_in_json(document)]
            if isinstance(document, dict) and "pagination" in document:
                links.append(with_limit_one(path))
        elif "html" in content_type:
            self.kinds[path] = "html"
            links = [local_path(link, path) for link in links_of(text)]
        else:
            self.kinds[path] = content_type or "other"
        return [link for link in links if link]
