"""Two app servers behind one proxy: what one of them did, the other one sees.

Two gunicorn processes in production mode (DEBUG=0) share one PostgreSQL database, one Redis
and one object storage (moto's S3 server, when installed; else one MEDIA_ROOT as on a network
share), but each has its own local directories for PDFs and media, so that nothing can pass
through the local disk. Requests carry `X-Forwarded-Proto: https` as from the TLS proxy.

Needs PostgreSQL in DATABASE_URL and REDIS_URL (CI's PostgreSQL run has both); the servers get a
database of their own, `integration_two_<pid>`, created and dropped here.
"""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not REDIS_URL,
    reason="braucht PostgreSQL in DATABASE_URL und Redis in REDIS_URL",
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Server:
    """One app instance, spoken to over HTTP like the proxy does; keeps its own cookies."""

    def __init__(self, name, port, process, log):
        self.name, self.port, self.process, self.log = name, port, process, log
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        response.body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, files=None, form_page=None):
        """A form POST with the CSRF token of the page with the form (`form_page`, or `path`)."""
        form_page = form_page or path
        page = self.get(form_page)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert match, f"{self.name}: kein CSRF-Feld auf {form_page} ({page.status})"
        fields = {**fields, "csrfmiddlewaretoken": match.group(1).decode()}
        if not files:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, files)
        return self.request("POST", path, body=body, headers={"Content-Type": content_type})

    def login(self, username, password):
        return self.post(reverse("login"), {"username": username, "password": password})


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def run(command, env):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def database():
    """A real database both servers reach (the test database of pytest-django is per run)."""
    import psycopg2
    from psycopg2 import sql

    name = f"integration_two_{os.getpid()}"
    admin = psycopg2.connect(with_database(DATABASE_URL, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(DATABASE_URL, name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()


@pytest.fixture(scope="module")
def shared_storage(tmp_path_factory):
    """Environment for the uploads: a bucket on moto's S3 server, else one shared directory."""
    try:
        import boto3
        import storages.backends.s3  # noqa: F401
        from moto.server import ThreadedMotoServer
    except ImportError:
        yield {"MEDIA_ROOT": str(tmp_path_factory.mktemp("shared-media"))}
        return
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="schluessel",
        aws_secret_access_key="geheim",
        region_name="eu-central-1",
    ).create_bucket(
        Bucket="integration", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    yield {
        "FILE_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "integration",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "schluessel",
        "AWS_SECRET_ACCESS_KEY": "geheim",
        "AWS_S3_REGION_NAME": "eu-central-1",
    }
    server.stop()


@pytest.fixture(scope="module")
def cluster(database, shared_storage, tmp_path_factory):
    """Two gunicorn servers A and B on free ports, and the ids of the data they serve."""
    base = tmp_path_factory.mktemp("two-instances")
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(
        DJANGO_SETTINGS_MODULE="integration_site.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database,
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=str(base / "static"),
        LOG_LEVEL="WARNING",
        # PDFs are rendered in the request that asks (no worker here); what is checked is that
        # the stored file is shared.
        TASKS_BACKEND="immediate",
        **shared_storage,
    )
    # Run once per release, on one machine: migrations and the static files.
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    data = json.loads(run([sys.executable, "-m", "tests.site.two_instances_data"], env))
    servers = []
    try:
        for name in ("A", "B"):
            port = free_port()
            local = base / name
            server_env = {
                **env,
                # Each server's own disk: whatever is found there is not shared.
                "PDF_CACHE_DIR": str(local / "pdf-cache"),
                "MEDIA_ROOT": shared_storage.get("MEDIA_ROOT", str(local / "media")),
            }
            log = open(base / f"{name}.log", "wb")
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "integration_site.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                    "--timeout",
                    "120",
                ],
                cwd=ROOT,
                env=server_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            servers.append(Server(name, port, process, log))
        for server in servers:
            wait_until_serving(server, base / f"{server.name}.log")
        yield servers[0], servers[1], data, base, shared_storage
    finally:
        for server in servers:
            server.process.terminate()
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
            server.log.close()


def wait_until_serving(server, log_path, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"Server {server.name} endete:\n{log_path.read_text()}")
        try:
            if server.get(reverse("login")).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"Server {server.name} antwortet nicht:\n{log_path.read_text()}")


@pytest.fixture
def servers(cluster):
    a, b, data, base, storage = cluster
    for server in (a, b):
        server.cookies.clear()
    return a, b, data, base, storage


def test_a_session_started_on_one_server_is_valid_on_the_other(servers):
    a, b, data, _, _ = servers
    page = reverse("participation:meeting_detail", args=[data["town"], data["meeting"]])
    assert b.get(page).status == 302  # to the login page
    response = a.login(data["username"], data["password"])
    assert response.status == 302, response.body[:500]
    b.cookies = dict(a.cookies)
    response = b.get(page)
    assert response.status == 200
    assert b"AG Sprache" in response.body


def test_a_pdf_rendered_on_one_server_is_served_by_the_other_from_the_cache(servers):
    a, b, data, base, storage = servers
    assert a.login(data["username"], data["password"]).status == 302
    b.cookies = dict(a.cookies)
    url = reverse("concepts:edition_pdf", kwargs={"town": data["town"], "edition": data["edition"]})
    first = a.get(url)
    assert first.status == 200, first.body[:500]
    assert first.body.startswith(b"%PDF-")
    assert first.getheader("X-PDF-Cache") == "miss"
    second = b.get(url)
    assert second.status == 200
    assert second.getheader("X-PDF-Cache") == "hit"
    assert second.body == first.body
    # Not from a disk both could see: neither server wrote a PDF to its own directory.
    for name in ("A", "B"):
        assert not list((base / name / "pdf-cache").glob("**/*"))


def test_an_upload_made_on_one_server_is_downloaded_from_the_other(servers):
    a, b, data, base, storage = servers
    assert a.login(data["username"], data["password"]).status == 302
    b.cookies = dict(a.cookies)
    content = PDF_BYTES + os.urandom(200_000)
    meeting_page = reverse("participation:meeting_detail", args=[data["town"], data["meeting"]])
    upload_url = reverse("participation:attachment_upload", args=[data["town"], data["meeting"]])
    response = a.post(
        upload_url,
        {},
        files={"file": ("einladung.pdf", content, "application/pdf")},
        form_page=meeting_page,
    )
    assert response.status == 302, response.body[:500]
    page = b.get(meeting_page)
    assert page.status == 200
    found = re.search(rb'href="(' + re.escape(upload_url.encode()) + rb'\d+/)"', page.body)
    assert found, "Die Anlage steht nicht auf der Seite des Treffens auf Server B."
    download = b.get(found.group(1).decode())
    assert download.status == 200
    assert download.body == content
    assert "einladung.pdf" in download.getheader("Content-Disposition")
    if storage.get("FILE_STORAGE") == "s3":
        # In the object storage, not on either server's disk.
        for name in ("A", "B"):
            assert not list((base / name / "media").glob("**/*.pdf"))


# Last in this module: depending on the lockout settings, the address 127.0.0.1 may stay locked.
def test_a_lockout_made_on_one_server_holds_on_the_other(servers):
    pytest.importorskip("axes", reason="needs django-axes")
    a, b, data, _, _ = servers
    username = data["locked_username"]
    for _ in range(5):
        assert a.login(username, "falsches-passwort").status in (200, 429)
    response = b.login(username, data["password"])
    assert response.status == 429
    assert "sessionid" not in b.cookies
