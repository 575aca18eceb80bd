"""Every string a person reads goes through gettext, and an English request gets English.

The first test reads the apps' source (not the running code): it walks the syntax tree of
every module of concepts, indicators, participation and integration_site and looks at the
places where a text is handed to a person — messages, ValidationError, add_error, Http404,
form labels and help texts, verbose names, page headings, e-mail subjects, buttons. A plain
string literal (or f-string) found there must be wrapped in `_()`/`gettext`/`gettext_lazy`/
`ngettext`/`pgettext`.

Which literals count as German:
- In label-like places (label, help_text, verbose_name, empty_label, heading, button texts,
  fieldset legends, success_message) every literal with letters: they are all read by people.
- In message-like places (messages.*, ValidationError, add_error, Http404, PermissionDenied,
  e-mail subjects, HttpResponse bodies) a literal that contains an umlaut or ß, or one of the
  common German words in GERMAN_WORDS as a whole word. Technical strings ("application/pdf",
  field names) contain neither and pass.

Left out on purpose: migrations (frozen history), demo data modules (content, not interface),
tests, and the OParl API (JSON for machines, its messages follow the OParl specification).
"""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from concepts.models import Actor

ROOT = Path(__file__).resolve().parents[2]
APPS = ("concepts", "indicators", "participation", "integration_site")
SKIPPED_PARTS = {"migrations", "oparl", "tests"}

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "format_lazy",
}
GERMAN_WORDS = re.compile(
    r"\b(der|die|das|den|dem|des|und|oder|nicht|bitte|ist|sind|wurde|wurden|wird|werden|"
    r"gibt|kein|keine|ein|eine|einen|mit|für|zum|zur|im|noch|schon|gespeichert|gelöscht|"
    r"angelegt|geändert|Datei|Zeile|Fassung)\b",
    re.IGNORECASE,
)
UMLAUT = re.compile(r"[äöüÄÖÜß]")

LABEL_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
MESSAGE_KEYWORDS = {"heading", "subject", "intro", "text"}
LABEL_ATTRIBUTES = {"label", "help_text", "empty_label", "heading", "success_message"}
MESSAGE_CALLS_FIRST = {"ValidationError", "Http404", "PermissionDenied", "HttpResponse"}
MESSAGE_METHODS = {"success", "error", "info", "warning"}


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if parts & SKIPPED_PARTS or any(p.startswith("demo") for p in parts):
                continue
            yield path


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literals(node):
    """The str constants of `node` that are not inside a gettext call."""
    if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
        return
    children = node.values if isinstance(node, ast.Dict) else ast.iter_child_nodes(node)
    for child in children:  # the keys of a dict ({"name": …} for placeholders) are not text
        if isinstance(child, ast.Call) and _name(child.func) not in GETTEXT:
            continue  # a value computed by another call (str(error), f(x)) is not a literal
        yield from _literals(child)


def _is_german(text):
    return bool(UMLAUT.search(text) or GERMAN_WORDS.search(text))


def _has_letters(text):
    return bool(re.search(r"[A-Za-zÄÖÜäöüß]{2,}", text))


def _places(tree):
    """(node, kind) for every expression handed to a person; kind 'label' or 'message'."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in GETTEXT:
                continue
            for keyword in node.keywords:
                if keyword.arg in LABEL_KEYWORDS:
                    yield keyword.value, "label"
                elif keyword.arg in MESSAGE_KEYWORDS:
                    yield keyword.value, "message"
                elif keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                    yield from ((value, "message") for value in keyword.value.values)
            if name in MESSAGE_CALLS_FIRST and node.args:
                yield node.args[0], "message"
            if name == "add_error" and len(node.args) >= 2:
                yield node.args[1], "message"
            if (
                name in MESSAGE_METHODS
                and isinstance(node.func, ast.Attribute)
                and _name(node.func.value) == "messages"
                and len(node.args) >= 2
            ):
                yield node.args[1], "message"
            if name == "Submit" and len(node.args) >= 2:
                yield node.args[1], "label"
            if name == "Fieldset" and node.args:
                yield node.args[0], "label"
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            attribute = (
                target.attr
                if isinstance(target, ast.Attribute)
                else target.id
                if isinstance(target, ast.Name)
                else None
            )
            if attribute in LABEL_ATTRIBUTES:
                yield node.value, "label"
            elif attribute in {"labels", "help_texts"} and isinstance(node.value, ast.Dict):
                yield from ((value, "label") for value in node.value.values)
            elif attribute == "error_messages" and isinstance(node.value, ast.Dict):
                yield node.value, "message"
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Attribute)
                and target.value.attr == "error_messages"
            ):
                yield node.value, "message"


def untranslated(source):
    """[(line, text)] of the plain literals handed to a person in `source`."""
    found = []
    for expression, kind in _places(ast.parse(source)):
        for literal in _literals(expression):
            text = literal.value
            if (kind == "label" and _has_letters(text)) or (kind == "message" and _is_german(text)):
                found.append((literal.lineno, text))
    return found


def test_strings_for_people_go_through_gettext():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in app_modules()
        for line, text in untranslated(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Not wrapped in _()/gettext:\n" + "\n".join(found)


def test_the_checker_finds_plain_german_and_accepts_wrapped_text():
    source = (
        "messages.success(request, f'„{obj}“ wurde gelöscht.')\n"
        "messages.error(request, _('Bitte prüfen.'))\n"
        "raise ValidationError('Die Datei ist leer.')\n"
        "title = forms.CharField(label='Titel')\n"
        "name = forms.CharField(label=_('Name'))\n"
        "form.add_error(None, _('Zeile %(row)s: falsch') % {'row': 3})\n"
        "response = HttpResponse('application/pdf')\n"
    )
    assert untranslated(source) == [
        (1, "“ wurde gelöscht."),
        (3, "Die Datei ist leer."),
        (4, "Titel"),
    ]


# ---------------------------------------------------------------------------------- catalogues


def _catalogue(language):
    """{msgid: msgstr} of a .po file (singular entries; enough for these checks)."""
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            entries[_joined(msgid.group(1))] = _joined(msgstr.group(1))
    entries.pop("", None)
    return entries


def _joined(quoted):
    return "".join(ast.literal_eval(line) for line in quoted.strip().splitlines())


def test_the_english_catalogue_translates_every_msgid_and_the_german_repeats_them():
    english, german = _catalogue("en"), _catalogue("de")
    assert english.keys() == german.keys()
    assert [msgid for msgid, msgstr in english.items() if not msgstr] == []
    assert [msgid for msgid, msgstr in german.items() if msgstr != msgid] == []


def test_messages_of_the_services_are_english_under_english():
    from indicators.importers.parsing import parse_period

    with translation.override("en"), pytest.raises(ValueError, match="is not a valid date"):
        parse_period("31.02.2023")
    with translation.override("de"), pytest.raises(ValueError, match="kein gültiges Datum"):
        parse_period("31.02.2023")


# ---------------------------------------------------------------------------------- requests


def _english(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_an_english_request_gets_english_form_errors_and_messages(world, staff_client):
    client = _english(staff_client)
    create = reverse("participation:actor_create", args=[world.town.slug])
    response = client.post(create, {"name": "Elternverein", "kind": "migrant_org"}, follow=True)
    assert Actor.objects.filter(municipality=world.town, name="Elternverein").exists()
    assert "Actor “Elternverein” has been created." in response.content.decode()
    duplicate = client.post(create, {"name": "elternverein", "kind": "other"})
    html = duplicate.content.decode()
    assert "An actor with this name already exists." in html
    assert "gibt es schon" not in html


@pytest.mark.django_db
def test_german_stays_the_default_language(world, staff_client):
    create = reverse("participation:actor_create", args=[world.town.slug])
    response = staff_client.post(
        create, {"name": "Elternverein", "kind": "migrant_org"}, follow=True
    )
    assert "Akteur „Elternverein“ wurde angelegt." in response.content.decode()
    duplicate = staff_client.post(create, {"name": "elternverein", "kind": "other"})
    assert "Einen Akteur mit diesem Namen gibt es schon." in duplicate.content.decode()
