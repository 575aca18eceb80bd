"""Reading OParl 1.0/1.1 from a town's council system, defensively.

Real systems are untidy (meine-stadt-transparent's importer keeps a list of vendor quirks):
ALLRIS (CC e-gov) sends "N/A" and blank strings for missing values, `[null]` in lists, a single
object where a list belongs, and now and then control characters inside JSON strings;
SessionNet (Somacos) answers with a spurious HTTP 500 that works on the second try; others
return an empty array instead of an empty list page. Objects may come embedded or only as a
link. Everything is tolerated that leaves the meaning intact; everything else raises a
`CouncilSystemError` whose German message names the object that failed.

Safety (SSRF): only http(s) URLs; the host's addresses are checked before every request and
every redirect, and private, loopback, link-local and other special address ranges are refused
unless they lie in a network listed in `RIS_ALLOWED_NETWORKS` (e.g. the town's intranet).
Every request has a bounded timeout and a bounded response size (`RIS_TIMEOUT`,
`RIS_MAX_RESPONSE_BYTES`), lists a bounded number of pages (`RIS_MAX_PAGES`).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OPARL_SCHEMA_PREFIXES = ("https://schema.oparl.org/1.", "http://schema.oparl.org/1.")
MAX_REDIRECTS = 3

# How each object is named in a message.
KIND_LABELS = {
    "System": gettext_lazy("Das OParl-System"),
    "Body": gettext_lazy("Die Körperschaft"),
    "Organization": gettext_lazy("Das Gremium"),
    "Paper": gettext_lazy("Die Vorlage"),
    "Consultation": gettext_lazy("Die Beratung"),
    "Meeting": gettext_lazy("Die Sitzung"),
    "AgendaItem": gettext_lazy("Der Tagesordnungspunkt"),
    "List": gettext_lazy("Die Liste"),
}


class CouncilSystemError(Exception):
    """A failure reading the council system, as a German sentence naming the object."""

    def __init__(self, kind: str, url: str, problem: str, status: int | None = None):
        self.kind, self.url, self.problem, self.status = kind, url, problem, status
        super().__init__(
            _("%(object)s %(url)s: %(problem)s")
            % {"object": KIND_LABELS.get(kind, kind), "url": url, "problem": problem}
        )


def setting(name: str, default):
    return getattr(settings, name, default)


def check_url(url: str, kind: str = "System") -> str:
    """The URL if it is http(s) to a public address (or private ones are allowed), else raise."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CouncilSystemError(
            kind, url, _("Nur Adressen mit http:// oder https:// werden abgerufen.")
        )
    if parts.username or parts.password:
        raise CouncilSystemError(
            kind, url, _("Adressen mit Benutzername oder Passwort werden nicht abgerufen.")
        )
    allowed = [ipaddress.ip_network(net) for net in setting("RIS_ALLOWED_NETWORKS", [])]
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise CouncilSystemError(
            kind, url, _("Der Servername „%(host)s“ ist unbekannt.") % {"host": parts.hostname}
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in allowed):
            continue
        if not address.is_global or address.is_multicast:
            raise CouncilSystemError(
                kind,
                url,
                _(
                    "Die Adresse zeigt auf ein internes Netz (%(address)s); solche Adressen "
                    "werden nicht abgerufen."
                )
                % {"address": address},
            )
    return url


def type_name(data: dict) -> str:
    """`Paper` for https://schema.oparl.org/1.1/Paper (1.0 and http:// alike), else ""."""
    value = data.get("type")
    if isinstance(value, str) and value.startswith(OPARL_SCHEMA_PREFIXES):
        return value.rsplit("/", 1)[-1]
    return ""


def scrub(value: Any) -> Any:
    """Drop the placeholders ALLRIS sends for missing values ("N/A", "", " ", null in lists),
    and NUL characters."""
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            item = scrub(item)
            if item is None or (isinstance(item, str) and (not item.strip() or item == "N/A")):
                continue
            cleaned[key] = item
        return cleaned
    if isinstance(value, list):
        return [scrub(item) for item in value if item is not None]
    if isinstance(value, str):
        return value.replace("\x00", "")  # PostgreSQL cannot store NUL in text
    return value


class OParlClient:
    """One reading session: bounded requests, answers cached by URL for the session."""

    def __init__(self, *, timeout: float | None = None, max_bytes: int | None = None):
        self.timeout = timeout or setting("RIS_TIMEOUT", 10.0)
        self.max_bytes = max_bytes or setting("RIS_MAX_RESPONSE_BYTES", 5_000_000)
        self.max_pages = setting("RIS_MAX_PAGES", 50)
        self.http = httpx.Client(
            timeout=httpx.Timeout(self.timeout, connect=min(5.0, self.timeout)),
            follow_redirects=False,
            trust_env=False,
            headers={
                "Accept": "application/json",
                "User-Agent": "Integrationskonzept-Ratsinfo-Abgleich/1.0",
            },
        )
        self.cache: dict[str, Any] = {}

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- raw JSON ---------------------------------------------------------------------------

    def get_json(self, url: str, kind: str) -> Any:
        if url in self.cache:
            return self.cache[url]
        try:
            data = self._get_json(url, kind)
        except CouncilSystemError as error:
            if error.problem != "retry":
                raise
            data = self._get_json(url, kind, retry=False)  # SessionNet's spurious 500
        self.cache[url] = data
        return data

    def _get_json(self, url: str, kind: str, retry: bool = True) -> Any:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current, kind)
            status, content_type, body = self._fetch(current, url, kind)
            if status in (301, 302, 303, 307, 308):
                location = body  # _fetch returns the Location header for redirects
                if not location:
                    raise CouncilSystemError(
                        kind,
                        url,
                        _("Weiterleitung ohne Ziel (HTTP %(status)s).") % {"status": status},
                    )
                current = urljoin(current, location)
                continue
            break
        else:
            raise CouncilSystemError(kind, url, _("Zu viele Weiterleitungen."))
        text = body.decode("utf-8", errors="replace")
        looks_html = "html" in content_type or text.lstrip()[:1] == "<"
        if status >= 400:
            if status >= 500 and retry:
                raise CouncilSystemError(kind, url, "retry")
            if looks_html:
                problem = _("Der Server meldet einen Fehler (HTTP %(status)s, eine HTML-Seite).")
            else:
                problem = _("Der Server meldet einen Fehler (HTTP %(status)s).")
            if status == 404:
                problem = _("Nicht gefunden (HTTP 404). Ist die Adresse richtig?")
            raise CouncilSystemError(kind, url, problem % {"status": status}, status=status)
        if looks_html:
            raise CouncilSystemError(
                kind,
                url,
                _(
                    "Der Server liefert eine HTML-Seite statt OParl-Daten. Bitte die "
                    "OParl-Adresse angeben, nicht die Adresse der Webseite."
                ),
            )
        try:
            # strict=False: ALLRIS now and then sends control characters inside strings.
            return scrub(json.loads(text, strict=False))
        except json.JSONDecodeError as error:
            raise CouncilSystemError(
                kind,
                url,
                _("Die Antwort ist kein gültiges JSON (Zeile %(line)s, Spalte %(column)s).")
                % {"line": error.lineno, "column": error.colno},
            ) from None

    def _fetch(self, current: str, url: str, kind: str) -> tuple[int, str, Any]:
        deadline = time.monotonic() + 2 * self.timeout
        try:
            with self.http.stream("GET", current) as response:
                if response.is_redirect:
                    return response.status_code, "", response.headers.get("location", "")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise self._too_big(kind, url)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise self._too_big(kind, url)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("total deadline")
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "").lower()
                return response.status_code, content_type, b"".join(chunks)
        except httpx.TimeoutException:
            raise CouncilSystemError(
                kind,
                url,
                _("Der Server hat nicht innerhalb von %(seconds)s Sekunden geantwortet.")
                % {"seconds": f"{self.timeout:g}"},
            ) from None
        except httpx.HTTPError as error:
            raise CouncilSystemError(
                kind,
                url,
                _("Der Server ist nicht erreichbar (%(reason)s).")
                % {"reason": type(error).__name__},
            ) from None

    def _too_big(self, kind, url):
        return CouncilSystemError(
            kind,
            url,
            _("Die Antwort ist größer als %(mb)s MB und wird nicht gelesen.")
            % {"mb": f"{self.max_bytes / 1_000_000:g}"},
        )

    # --- OParl objects ----------------------------------------------------------------------

    def check_object(self, data: Any, kind: str, url: str) -> dict:
        if not isinstance(data, dict):
            raise CouncilSystemError(kind, url, _("Die Antwort ist kein OParl-Objekt."))
        found = type_name(data)
        if "type" in data and found != kind:
            raise CouncilSystemError(
                kind,
                url,
                _("Erwartet war ein Objekt vom Typ %(expected)s, geliefert wurde „%(found)s“.")
                % {"expected": kind, "found": data.get("type")},
            )
        if "type" not in data and not data.get("id"):
            raise CouncilSystemError(kind, url, _("Dem Objekt fehlen „id“ und „type“."))
        return data

    def get_object(self, url: str, kind: str) -> dict:
        if not isinstance(url, str):
            raise CouncilSystemError(kind, str(url), _("Statt einer Adresse kam ein anderer Wert."))
        data = self.get_json(url, kind)
        if kind == "Body" and isinstance(data, dict) and isinstance(data.get("data"), list):
            raise CouncilSystemError(kind, url, _("Das ist eine Liste, keine Körperschaft."))
        if isinstance(data, dict) and "type" not in data:
            raise CouncilSystemError(kind, url, _("Dem Objekt fehlt die Angabe „type“."))
        return self.check_object(data, kind, url)

    def resolve(self, value: Any, kind: str, context: str = "") -> dict | None:
        """An object that may come embedded (dict) or only linked (URL); None if absent."""
        if value is None or value == []:
            return None
        if isinstance(value, list):  # a single object in a one-element list
            value = value[0]
        if isinstance(value, dict):
            return self.check_object(value, kind, value.get("id") or context)
        return self.get_object(value, kind)

    def resolve_many(self, value: Any, kind: str, context: str = "") -> list[dict]:
        """A list property: embedded objects, URLs of objects, or the URL of a list."""
        if value is None:
            return []
        if isinstance(value, str):
            return list(self.walk(value, kind))
        if not isinstance(value, list):  # ALLRIS: one object where a list belongs
            value = [value]
        return [obj for item in value if (obj := self.resolve(item, kind, context)) is not None]

    def walk(self, url: str, kind: str, **filters: str) -> Iterator[dict]:
        """Every object of an OParl list, following `links.next` (bounded number of pages)."""
        if not isinstance(url, str):
            raise CouncilSystemError(
                "List", str(url), _("Statt einer Adresse kam ein anderer Wert.")
            )
        if filters:
            # Unencoded on purpose: SessionNet does not decode percent-escapes; the values
            # (UTC timestamps with "Z") need none.
            query = "&".join(f"{key}={value}" for key, value in filters.items())
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        seen = set()
        for page_number in range(self.max_pages):
            seen.add(url)
            try:
                page = self.get_json(url, "List")
            except CouncilSystemError as error:
                # SD.NET answers a filtered list that would be empty with HTTP 404.
                if filters and error.status == 404 and page_number == 0:
                    return
                raise
            if page == []:  # an empty array instead of an empty list page
                return
            if isinstance(page, dict) and type_name(page) == kind:  # one object, no list
                yield page
                return
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise CouncilSystemError(
                    "List", url, _("Die Antwort ist keine OParl-Liste (es fehlt „data“).")
                )
            for item in page["data"]:
                if isinstance(item, dict) and item.get("deleted") and "type" not in item:
                    continue  # deleted entries without a type (seen in the wild)
                obj = self.resolve(item, kind, url)
                if obj is not None:
                    yield obj
            links = page.get("links") or {}
            following = links.get("next") if isinstance(links, dict) else None
            if not isinstance(following, str) or not following or following in seen:
                return
            url = urljoin(url, following)
        raise CouncilSystemError(
            "List",
            url,
            _("Die Liste hat mehr als %(pages)s Seiten; der Abruf wurde abgebrochen.")
            % {"pages": self.max_pages},
        )
