"""The OParl client against untidy systems: every failure a German message naming the object."""

import pytest

from participation.ris.client import CouncilSystemError, OParlClient, check_url

PAPER = "/public/oparl/papers?id=1001737"


def test_embedded_and_linked_objects_are_read_alike(ris_server, oparl_client):
    paper = oparl_client.get_object(ris_server.url(PAPER), "Paper")
    embedded = oparl_client.resolve_many(paper["consultation"], "Consultation")
    assert [c["role"] for c in embedded] == ["Vorberatung", "Entscheidung", "Kenntnisnahme"]
    linked = oparl_client.resolve(embedded[0]["meeting"], "Meeting")
    assert linked["start"] == "2025-03-04T17:00:00+01:00"


def test_allris_placeholders_are_dropped(ris_server, oparl_client):
    paper = oparl_client.get_object(ris_server.url(PAPER), "Paper")
    assert paper["originatorPerson"] == []  # [null]
    assert "downloadUrl" not in paper["mainFile"]  # ""
    meeting = oparl_client.get_object(ris_server.url("/public/oparl/meetings?id=2801"), "Meeting")
    assert "end" not in meeting  # "N/A"
    assert "streetAddress" not in meeting["location"]  # " "


def test_a_single_object_where_a_list_belongs_is_a_list(ris_server, oparl_client):
    paper = oparl_client.get_object(ris_server.url(PAPER), "Paper")
    files = oparl_client.resolve_many(paper["auxiliaryFile"], "File")
    assert [f["name"] for f in files] == ["Anlage 1"]


def test_lists_are_followed_over_all_pages(ris_server, oparl_client):
    names = [
        o["name"]
        for o in oparl_client.walk(
            ris_server.url("/public/oparl/organizations?body=1"), "Organization"
        )
    ]
    assert names == [
        "Rat der Stadt Beispielstadt",
        "SPD-Fraktion",
        "Ausschuss für Soziales, Integration und Gleichstellung",
        "Integrationsrat",
    ]


def test_oparl_1_0_types_and_a_spurious_500_are_tolerated(ris_server, oparl_client):
    references = [
        p["reference"]
        for p in oparl_client.walk(ris_server.url("/bi/oparl/1.0/papers.asp?body=1"), "Paper")
    ]
    assert references == ["VO/2025/0001", "VO/2025/0123"]
    assert ris_server.requests.count("/bi/oparl/1.0/papers.asp?body=1&p=2") == 2


def test_filters_are_sent_unencoded(ris_server, oparl_client):
    list(
        oparl_client.walk(
            ris_server.url("/public/oparl/meetings?body=1"),
            "Meeting",
            modified_since="2026-01-02T03:04:05Z",
        )
    )
    assert "/public/oparl/meetings?body=1&modified_since=2026-01-02T03:04:05Z" in (
        ris_server.requests
    )


@pytest.mark.parametrize(
    ("body", "status", "content_type", "expected"),
    [
        (
            "<html><body><h1>Internal Server Error</h1></body></html>",
            500,
            "text/html",
            "Der Server meldet einen Fehler (HTTP 500, eine HTML-Seite).",
        ),
        (
            "<!DOCTYPE html><html><body>Anmeldung</body></html>",
            200,
            "text/html; charset=utf-8",
            "Der Server liefert eine HTML-Seite statt OParl-Daten.",
        ),
        (
            '{"id": "x", "type": ',
            200,
            "application/json",
            "Die Antwort ist kein gültiges JSON (Zeile 1, Spalte 21).",
        ),
        (
            '{"id": "x", "type": "https://schema.oparl.org/1.1/Meeting"}',
            200,
            "application/json",
            "Erwartet war ein Objekt vom Typ Paper, geliefert wurde "
            "„https://schema.oparl.org/1.1/Meeting“.",
        ),
        ('{"id": "x"}', 200, "application/json", "Dem Objekt fehlt die Angabe „type“."),
        ("[1, 2]", 200, "application/json", "Die Antwort ist kein OParl-Objekt."),
        ('{"error": "nicht da"}', 404, "application/json", "Nicht gefunden (HTTP 404)."),
    ],
    ids=["html-500", "html-200", "invalid-json", "wrong-type", "no-type", "array", "404"],
)
def test_broken_answers_are_named(ris_server, oparl_client, body, status, content_type, expected):
    ris_server.set("/broken", body, status=status, content_type=content_type)
    url = ris_server.url("/broken")
    with pytest.raises(CouncilSystemError) as error:
        oparl_client.get_object(url, "Paper")
    assert str(error.value).startswith(f"Die Vorlage {url}: ")
    assert expected in str(error.value)


def test_control_characters_inside_strings_are_tolerated(ris_server, oparl_client):
    ris_server.set(
        "/tab", '{"id": "x", "type": "https://schema.oparl.org/1.1/Paper", "name": "A\tB"}'
    )
    assert oparl_client.get_object(ris_server.url("/tab"), "Paper")["name"] == "A\tB"


def test_a_slow_server_is_given_up_after_the_timeout(ris_server, settings):
    settings.RIS_TIMEOUT = 0.3
    ris_server.set("/slow", {"type": "https://schema.oparl.org/1.1/Paper"}, delay=1.5)
    with OParlClient() as client, pytest.raises(CouncilSystemError) as error:
        client.get_object(ris_server.url("/slow"), "Paper")
    assert "nicht innerhalb von 0.3 Sekunden geantwortet" in str(error.value)


def test_an_oversized_answer_is_not_read(ris_server, settings):
    settings.RIS_MAX_RESPONSE_BYTES = 10_000
    ris_server.set("/big", '{"name": "' + "x" * 50_000 + '"}')
    with OParlClient() as client, pytest.raises(CouncilSystemError) as error:
        client.get_object(ris_server.url("/big"), "Paper")
    assert "größer als 0.01 MB" in str(error.value)


def test_a_server_that_does_not_answer_is_named(settings):
    settings.RIS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with OParlClient() as client, pytest.raises(CouncilSystemError) as error:
        client.get_object("http://127.0.0.1:9/oparl", "System")
    assert str(error.value).startswith("Das OParl-System http://127.0.0.1:9/oparl: ")
    assert "nicht erreichbar" in str(error.value)


def test_endless_lists_stop_after_the_page_limit(ris_server, settings, oparl_client):
    settings.RIS_MAX_PAGES = 3
    for n in range(1, 6):
        ris_server.set(
            f"/loop{n}", {"data": [], "links": {"next": ris_server.url(f"/loop{n + 1}")}}
        )
    with OParlClient() as client, pytest.raises(CouncilSystemError) as error:
        list(client.walk(ris_server.url("/loop1"), "Paper"))
    assert "mehr als 3 Seiten" in str(error.value)


# --- SSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///etc/passwd", "Nur Adressen mit http:// oder https://"),
        ("ftp://ris.example.org/oparl", "Nur Adressen mit http:// oder https://"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "Nur Adressen mit http:// oder https://"),
        ("http://user:secret@ris.example.org/", "Benutzername oder Passwort"),
        ("http://127.0.0.1:8000/oparl/v1/", "internes Netz (127.0.0.1)"),
        ("http://localhost/oparl", "internes Netz"),
        ("http://10.1.2.3/oparl", "internes Netz (10.1.2.3)"),
        ("http://192.168.0.10/oparl", "internes Netz (192.168.0.10)"),
        ("http://169.254.169.254/latest/meta-data/", "internes Netz (169.254.169.254)"),
        ("http://[::1]/oparl", "internes Netz (::1)"),
        ("http://[::ffff:127.0.0.1]/oparl", "internes Netz (127.0.0.1)"),
        ("http://0.0.0.0/", "internes Netz (0.0.0.0)"),
    ],
)
def test_only_public_http_addresses_are_fetched(settings, url, expected):
    settings.RIS_ALLOWED_NETWORKS = []
    with pytest.raises(CouncilSystemError) as error:
        check_url(url, "System")
    assert expected in str(error.value)


def test_a_redirect_into_the_internal_network_is_refused(ris_server, oparl_client):
    ris_server.routes["/redirect"] = {
        "body": "",
        "status": 302,
        "location": "http://169.254.169.254/latest/meta-data/",
    }
    with pytest.raises(CouncilSystemError) as error:
        oparl_client.get_object(ris_server.url("/redirect"), "Paper")
    assert "internes Netz (169.254.169.254)" in str(error.value)
    assert error.value.url == "http://169.254.169.254/latest/meta-data/"


def test_redirects_within_allowed_addresses_are_followed(ris_server, oparl_client):
    ris_server.routes["/moved"] = {"body": "", "status": 301, "location": PAPER}
    paper = oparl_client.get_object(ris_server.url("/moved"), "Paper")
    assert paper["reference"] == "BV/0546/2018"


def test_empty_filtered_lists_in_their_odd_shapes_are_empty(ris_server, oparl_client):
    # SD.NET: a 404 with its own error object when a filtered list would be empty
    ris_server.set(
        "/sdnet/papers",
        {"error": "Die angeforderte Ressource wurde nicht gefunden.", "code": 802},
        status=404,
    )
    # and elsewhere an empty array instead of a list page
    ris_server.set("/empty/papers", [])
    since = {"modified_since": "2026-01-01T00:00:00Z"}
    assert list(oparl_client.walk(ris_server.url("/sdnet/papers"), "Paper", **since)) == []
    assert list(oparl_client.walk(ris_server.url("/empty/papers"), "Paper", **since)) == []
    # unfiltered, a 404 is an error
    with pytest.raises(CouncilSystemError) as error:
        list(oparl_client.walk(ris_server.url("/sdnet/papers"), "Paper"))
    assert "Nicht gefunden (HTTP 404)" in str(error.value)
