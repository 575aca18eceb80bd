"""The interface in German and English: the catalogues are complete and current, no template
text escapes gettext, and switching the language switches the pages.

The msgids are the German source text; locale/de is the German catalogue (msgstr = msgid),
locale/en the English one. `make messages` rebuilds both and the compiled .mo files, which are
committed so that `make run` needs no gettext tools. Every check here needs gettext
(xgettext, msgfmt), which CI installs.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.site.template_text import untranslated_literals, untranslated_segments

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ("de", "en")
# What makemessages reads: the apps and templates (the Makefile's MAKEMESSAGES_ARGS ignore the
# rest). Keep the two in step.
SOURCES = ("concepts", "indicators", "participation", "integration_site", "templates")


def read_po(path):
    """The entries of a PO file as dicts: msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
        if match:
            key, index, value = match.group(1), int(match.group(2) or 0), match.group(3)
        else:
            value = line
        text = ast.literal_eval(value)
        if key == "msgstr":
            entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
        elif key in ("msgid", "msgid_plural"):
            entry[key] = (entry[key] or "") + text
    return [e for e in entries if e["msgid"]]


def catalogue(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def require_gettext():
    missing = [tool for tool in ("xgettext", "msgfmt", "msguniq") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"gettext fehlt ({', '.join(missing)}): apt-get install gettext")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    entries = read_po(catalogue(language))
    assert entries, f"{catalogue(language)} ist leer"
    untranslated = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e["flags"] or not all(e["msgstr"].values()) or not e["msgstr"]
    ]
    assert not untranslated, f"{len(untranslated)} ohne Übersetzung: {untranslated[:20]}"


def test_catalogue_placeholders_match_the_source():
    require_gettext()
    for language in LANGUAGES:
        result = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue(language))],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_catalogues_hold_exactly_what_makemessages_extracts(tmp_path):
    """A copy of the sources, run through makemessages: same msgids as the committed .po."""
    require_gettext()
    for name in SOURCES:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "locale")
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
            "--verbosity=0",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    extracted = {e["msgid"] for e in read_po(tmp_path / "locale/en/LC_MESSAGES/django.po")}
    for language in LANGUAGES:
        committed = {e["msgid"] for e in read_po(catalogue(language))}
        missing, stale = sorted(extracted - committed), sorted(committed - extracted)
        assert not missing, f"{language}: nicht im Katalog (make messages): {missing[:20]}"
        assert not stale, f"{language}: nicht mehr im Code (make messages): {stale[:20]}"


def test_no_template_text_outside_translation_tags():
    found = [
        f"{s.path.relative_to(ROOT)}:{s.line}: {s.text.strip()!r}" for s in untranslated_segments()
    ]
    assert not found, "Text ohne {% translate %}:\n" + "\n".join(found[:30])


def test_no_readable_string_literal_outside_gettext_in_templates():
    found = [f"{path.relative_to(ROOT)}: {literal!r}" for path, literal in untranslated_literals()]
    assert not found, 'Text-Literal ohne _("…"):\n' + "\n".join(found[:30])


def test_scanner_finds_untranslated_text(tmp_path):
    template = tmp_path / "probe.html"
    template.write_text(
        '{% load i18n %}<p title="Hinweis">{% translate "Speichern" %} Abbrechen</p>'
        "<style>p { color: red; }</style><p>{{ user.name }} · 2024</p>"
        '{% include "x.html" with label="Leitbild" kind="leitbild" %}'
    )
    texts = [s.text.strip() for s in untranslated_segments([template])]
    assert texts == ["Hinweis", "Abbrechen"]
    assert [literal for _, literal in untranslated_literals([template])] == ["Leitbild"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    require_gettext()
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(catalogue(language))], check=True)
    committed = catalogue(language).with_suffix(".mo")
    assert committed.exists(), f"{committed} fehlt: make messages"
    with compiled.open("rb") as fresh, committed.open("rb") as stored:
        expected = gettext.GNUTranslations(fresh)._catalog
        actual = gettext.GNUTranslations(stored)._catalog
    assert actual == expected, f"{committed} ist älter als die .po-Datei: make messages"


@pytest.fixture(autouse=True)
def _german_afterwards():
    """A request in English leaves English active in this thread; later tests expect German."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def switch_to_english(client, next_url):
    return client.post(reverse("set_language"), {"language": "en", "next": next_url}, follow=True)


@pytest.mark.django_db
def test_login_page_switches_to_english(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="de">' in page
    assert "Passwort vergessen?" in page

    response = switch_to_english(client, reverse("login"))
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")
    assert '<html lang="en">' in page
    assert "Forgot your password?" in page
    assert "Sign in" in page
    assert "Passwort vergessen?" not in page
    # The switcher offers each language in its own language.
    assert 'lang="de"' in page
    assert ">Deutsch</button>" in page


def test_staff_pages_switch_to_english(staff_client, world):
    town_home = reverse("town_home", args=[world.town.slug])
    switch_to_english(staff_client, town_home)

    page = staff_client.get(town_home).content.decode()
    assert '<html lang="en">' in page
    for english in ("Overview", "Participation", "Committees", "Sign out", "Change password"):
        assert english in page
    for german in ("Abmelden", "Passwort ändern", "Beteiligung", "Hauptnavigation"):
        assert german not in page

    start = staff_client.get(reverse("start"), follow=True).content.decode()
    assert '<html lang="en">' in start
    assert "Sign out" in start


@pytest.mark.django_db
def test_language_switch_keeps_the_address_and_needs_no_prefix(client):
    response = switch_to_english(client, "/konto/login/?next=/rheine/")
    assert response.redirect_chain[-1][0] == "/konto/login/?next=/rheine/"
    response = client.post(reverse("set_language"), {"language": "de", "next": "/konto/login/"})
    assert response.status_code == 302
    assert '<html lang="de">' in client.get("/konto/login/").content.decode()
