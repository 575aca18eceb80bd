import subprocess
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from participation.review import services
from tests import factories
from tests.participation.review.conftest import make_member


def fill(world):
    actor = factories.ActorFactory(municipality=world.town, name="Caritasverband Rheine e. V.")
    school = make_member(world, "schule", world.group_a, actor=actor)
    ngo = make_member(world, "verein", world.group_a, organisation="Syrische Gemeinschaft")
    first = services.comment_create(
        round_=world.round, author=school, text="Kurse auch **nachmittags** anbieten.", paragraph=3
    )
    services.comment_create(
        round_=world.round, author=ngo, text="Dem schließen wir uns an.", parent=first
    )
    withdrawn = services.comment_create(round_=world.round, author=ngo, text="Entwurf weg.")
    services.comment_withdraw(comment=withdrawn, user=ngo)
    services.comment_answer(
        comment=first,
        user=world.users["staff"],
        disposition="partly_accepted",
        answer="Nachmittagskurse werden geprüft.",
    )
    return first


def url(world, name):
    return reverse(
        f"participation:{name}", kwargs={"town": world.town.slug, "round": world.round.pk}
    )


def test_synopsis_xlsx_lists_paragraph_comment_organisation_answer_disposition(
    review, staff_client
):
    fill(review)
    response = staff_client.get(url(review, "review_synopsis_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4)]
    assert rows[0] == (
        "Nr.",
        "Absatz",
        "Kommentar",
        "Organisation des Verfassers",
        "Antwort",
        "Entscheidung",
    )
    body = rows[1:]
    assert len(body) == 3  # the withdrawn comment is left out
    by_text = {row[2]: row for row in body}
    first = by_text["Kurse auch **nachmittags** anbieten."]
    assert first[1] == "Absatz 3"
    assert first[3] == "Caritasverband Rheine e. V."
    assert first[4] == "Nachmittagskurse werden geprüft."
    assert first[5] == "teilweise übernommen"
    reply = next(row for row in body if "Dem schließen wir uns an." in row[2])
    assert reply[2].startswith("(Antwort auf Nr.") and reply[3] == "Syrische Gemeinschaft"
    assert by_text["Bitte Dorenkamp nennen."][5] == "offen"


def test_synopsis_pdf_text_and_landscape(review, staff_client, tmp_path):
    fill(review)
    response = staff_client.get(url(review, "review_synopsis_pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "synopse.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # table cells wrap
    for expected in (
        "Synopse: Sprachförderung",
        "Absatz",
        "Organisation des Verfassers",
        "Entscheidung",
        "Caritasverband",
        "nachmittags",
        "teilweise übernommen",
        "Nachmittagskurse werden geprüft.",
        "Seite 1 von",
    ):
        assert expected in text, expected
    assert "Entwurf weg." not in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in info or "842 x 595" in info
