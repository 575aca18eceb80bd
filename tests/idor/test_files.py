"""Stored files leave the app only through views that check permission, and privately."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import clear_url_caches, reverse

ROOT = Path(__file__).resolve().parents[2]


def reload_urls():
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def debug_urls(settings):
    """Switch DEBUG and load the URLconf again, as a server started with DEBUG=1 would."""

    def switch(debug):
        settings.DEBUG = debug
        reload_urls()

    yield switch
    settings.DEBUG = False
    reload_urls()


@pytest.mark.parametrize("debug", [False, True], ids=["DEBUG=0", "DEBUG=1"])
def test_stored_files_are_not_served_under_media_url(debug, idor, idor_client, debug_urls):
    debug_urls(debug)
    side = idor.rheine
    logo = Path(settings.MEDIA_ROOT) / "logos" / "wappen.png"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_bytes(b"\x89PNG\r\n")
    stored = {
        "Anlage eines Treffens": side.attachment.file,
        "Controllingbericht": side.reporting_round.report,
        "Anlage einer Vorlage": side.paper_attachment.file,
    }
    names = {label: file.name for label, file in stored.items()} | {"Wappen": "logos/wappen.png"}
    for label, file in stored.items():
        assert Path(file.path).exists(), f"{label}: die Datei liegt nicht auf der Platte"
    for role in ("anonymous", "member", "staff", "superuser"):
        client = idor_client(role)
        for label, name in names.items():
            response = client.get(settings.MEDIA_URL + name)
            assert response.status_code == 404, f"{label} unter {settings.MEDIA_URL}{name}"


def file_field_names():
    return sorted(
        {
            field.name
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.FileField)
        }
    )


def test_no_template_or_module_links_a_stored_file_directly():
    """`.url` of a FileField is a MEDIA_URL (or an object-storage URL) that checks nothing."""
    names = file_field_names()
    assert {"file", "report", "logo"} <= set(names)
    file_url = rf"\.(?:{'|'.join(names)})\.url\b"
    checks = {
        # In templates not even MEDIA_URL: a link under it would be served by nothing or by
        # a web server that checks nothing.
        re.compile(rf"{file_url}|MEDIA_URL"): [
            *ROOT.glob("templates/**/*.html"),
            *ROOT.glob("*/templates/**/*.html"),
        ],
        re.compile(file_url): [
            path
            for app in ("concepts", "indicators", "participation", "integration_site")
            for path in ROOT.glob(f"{app}/**/*.py")
            if "migrations" not in path.parts
        ],
    }
    assert all(len(paths) > 20 for paths in checks.values())
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for pattern, paths in checks.items()
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert not hits, "Direkte Datei-URLs: " + "; ".join(hits)


def test_pages_with_files_link_them_through_their_views(idor, idor_client):
    side = idor.rheine
    client = idor_client("staff")
    pages = {
        reverse("participation:meeting_detail", args=[side.slug, side.meeting.pk]): reverse(
            "participation:attachment_download",
            args=[side.slug, side.meeting.pk, side.attachment.pk],
        ),
        reverse("council:paper_detail", args=[side.slug, side.paper.pk]): reverse(
            "council:attachment_download", args=[side.slug, side.paper_attachment.pk]
        ),
        reverse("indicators:round_detail", args=[side.slug, side.reporting_round.pk]): reverse(
            "indicators:round_report", args=[side.slug, side.reporting_round.pk]
        ),
    }
    for page, download in pages.items():
        body = client.get(page).content.decode()
        assert download in body, f"{page} verlinkt {download} nicht"
        assert settings.MEDIA_URL not in body, f"{page} verlinkt {settings.MEDIA_URL}"


DOWNLOADS = {
    "concepts:edition_export": lambda s: [s.edition.pk],
    "concepts:measures_xlsx": lambda s: [s.edition.pk],
    "concepts:measures_csv": lambda s: [s.edition.pk],
    "concepts:edition_pdf": lambda s: [s.edition.pk],
    "concepts:edition_docx": lambda s: [s.edition.pk],
    "indicators:import_template": lambda s: [s.edition.pk, "xlsx"],
    "indicators:round_report": lambda s: [s.reporting_round.pk],
    "indicators:export_csv": lambda s: [],
    "participation:review_synopsis_xlsx": lambda s: [s.round.pk],
    "participation:meeting_ics": lambda s: [s.meeting.pk],
    "participation:attachment_download": lambda s: [s.meeting.pk, s.attachment.pk],
    "council:attachment_download": lambda s: [s.paper_attachment.pk],
    "council:paper_pdf": lambda s: [s.paper.pk],
    "council:paper_docx": lambda s: [s.paper.pk],
}


@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloads_are_sent_as_private_files(name, idor, idor_client):
    side = idor.rheine
    response = idor_client("staff").get(reverse(name, args=[side.slug, *DOWNLOADS[name](side)]))
    assert response.status_code == 200
    assert response["Content-Disposition"].split(";")[0] in ("attachment", "inline")
    assert "filename=" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
