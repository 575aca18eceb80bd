"""A small local OParl server for the tests: serves the fixture folders over real HTTP.

Each folder (`fixtures/allris`, `fixtures/sessionnet`) has a `routes.json` mapping
"path?query" (exactly as the system writes its URLs) to a file, or to an object with `file`,
`status`, `content_type`, `delay` (seconds) and `fail_first` (that many HTTP 500 first).
`{base}` in a file becomes the server's address. A `modified_since` parameter is stripped
before the lookup (and recorded), as a static folder cannot filter. Tests change answers with
`server.set(key, body, ...)`; `server.requests` lists what was asked.
"""

import json
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

FIXTURES = Path(__file__).parent / "fixtures"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class OParlFixtureServer:
    def __init__(self):
        self.routes = {}
        self.requests = []
        self.failures = {}
        self.httpd = make_server(
            "127.0.0.1", 0, self.app, server_class=ThreadingWSGIServer, handler_class=QuietHandler
        )
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        for folder in ("allris", "sessionnet"):
            routes = json.loads((FIXTURES / folder / "routes.json").read_text())
            for key, route in routes.items():
                route = {"file": route} if isinstance(route, str) else dict(route)
                path = FIXTURES / folder / route.pop("file")
                route["body"] = path.read_text(encoding="utf-8")
                self.routes[key] = route
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, key):
        return f"{self.base}{key}"

    def set(self, key, body, *, status=200, content_type="application/json", delay=0):
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body, ensure_ascii=False)
        self.routes[key] = {
            "body": body,
            "status": status,
            "content_type": content_type,
            "delay": delay,
        }

    def data(self, key):
        """The JSON a route sends, with `{base}` filled in (to change and `set` again)."""
        return json.loads(self.routes[key]["body"].replace("{base}", self.base))

    def app(self, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k != "modified_since"]
        raw = "&".join(part for part in query.split("&") if not part.startswith("modified_since="))
        path = environ["PATH_INFO"]
        self.requests.append(f"{path}?{query}" if query else path)
        key = f"{path}?{raw}" if raw else path
        route = self.routes.get(key) or self.routes.get(
            f"{path}?{urlencode(kept)}" if kept else path
        )
        if route is None:
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"<html><body><h1>404 Seite nicht gefunden</h1></body></html>"]
        if route.get("delay"):
            time.sleep(route["delay"])
        if route.get("fail_first", 0) > self.failures.get(key, 0):
            self.failures[key] = self.failures.get(key, 0) + 1
            start_response("500 Internal Server Error", [("Content-Type", "text/html")])
            return [b"<html><body>Runtime Error</body></html>"]
        body = route["body"]
        if isinstance(body, str):
            body = body.replace("{base}", self.base).encode("utf-8")
        status = route.get("status", 200)
        headers = [("Content-Type", route.get("content_type", "application/json; charset=utf-8"))]
        if "location" in route:
            headers.append(("Location", route["location"].replace("{base}", self.base)))
        start_response(f"{status} X", headers)
        return [body]
