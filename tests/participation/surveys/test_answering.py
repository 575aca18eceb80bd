"""Answering a survey without JavaScript: pages, progress, conditions, submit, edit, refusals."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from participation.models import Answer, Response, SurveyLink
from participation.surveys import services


def answer_url(world, token=None):
    return reverse(
        "participation:survey_answer",
        kwargs={"town": world.town.slug, "token": token or world.token},
    )


def open_url(world):
    return reverse(
        "participation:survey_answer_open",
        kwargs={"town": world.town.slug, "key": world.open_survey.open_key},
    )


def page_one(q, **overrides):
    data = {
        "seite": "1",
        "weiter": "1",
        f"q{q['single'].pk}": "ja",
        f"q{q['multiple'].pk}": ["Kinder", "__other__"],
        f"q{q['multiple'].pk}_other": "Jugendliche",
        f"q{q['scale'].pk}": "4",
        f"q{q['number'].pk}": "12,5",
        f"q{q['date'].pk}": "2019-03-01",
    }
    data.update(overrides)
    return data


def page_two(q, ranking=("2", "1")):
    return {
        "seite": "2",
        "absenden": "1",
        f"q{q['matrix'].pk}_r0": "trifft eher zu",
        f"q{q['matrix'].pk}_r1": "teils/teils",
        f"q{q['ranking'].pk}_i0": ranking[0],
        f"q{q['ranking'].pk}_i1": ranking[1],
        f"q{q['short'].pk}": "Caritas",
        f"q{q['long'].pk}": "Mehr Kita-Plätze mit Sprachförderung.",
    }


def test_privacy_notice_comes_before_the_first_question(surveys, client):
    page = client.get(answer_url(surveys)).content.decode()
    assert "Datenschutzhinweis" in page
    assert "Die Stadt fragt, um das Konzept fortzuschreiben." in page
    assert "Arbeiten Sie mit Geflüchteten?" not in page
    assert not Response.objects.exists()


def test_a_personal_link_answers_page_by_page_and_submits(surveys, client, mailoutbox):
    q = surveys.survey.q
    url = answer_url(surveys)
    assert client.post(url, {"seite": "0"})["Location"].endswith("?seite=1")
    page = client.get(url + "?seite=1").content.decode()
    assert "<fieldset" in page and "<legend" in page
    assert client.post(url, page_one(q)).status_code == 302
    # progress is saved: page one's answers are stored before submitting
    response = Response.objects.get(link=surveys.link)
    assert response.submitted_at is None and response.actor_kind == "welfare"
    assert Answer.objects.filter(response=response).count() == 5
    result = client.post(url, page_two(q))
    assert result["Location"].endswith("?fertig=1")
    response.refresh_from_db()
    assert response.submitted_at is not None
    values = dict(response.answers.values_list("question_id", "value"))
    assert values[q["multiple"].pk] == {"choices": ["Kinder", "__other__"], "other": "Jugendliche"}
    assert values[q["number"].pk] == 12.5
    assert values[q["ranking"].pk] == ["Arbeit", "Sprache"]
    assert values[q["matrix"].pk] == {
        "die Sprachkurse": "trifft eher zu",
        "die Beratung": "teils/teils",
    }
    surveys.link.refresh_from_db()
    assert surveys.link.answered and surveys.link.answered_at is not None


def test_the_personal_response_stays_editable_until_the_end(surveys, client):
    q = surveys.survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    client.post(url, page_one(q))
    client.post(url, page_two(q))
    page = client.get(url + "?seite=1").content.decode()
    chosen = re.search(rf'<input type="radio" name="q{q["single"].pk}" value="ja"[^>]*>', page)
    assert chosen and "checked" in chosen.group(0)  # the saved answer is shown again
    client.post(url, page_one(q, **{f"q{q['scale'].pk}": "2"}))
    assert Response.objects.count() == 1
    answer = Answer.objects.get(question=q["scale"])
    assert answer.value == 2


def test_a_required_question_shows_an_error_summary_and_saves_nothing(surveys, client):
    q = surveys.survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    data = page_one(q)
    del data[f"q{q['single'].pk}"]
    page = client.post(url, data).content.decode()
    assert 'id="error-summary"' in page and "autofocus" in page
    assert f'href="#id_q{q["single"].pk}_0"' in page
    assert "Bitte beantworten Sie diese Frage." in page
    assert not Answer.objects.exists()


def test_other_needs_a_text_and_ranks_must_differ(surveys, client):
    q = surveys.survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    page = client.post(url, page_one(q, **{f"q{q['multiple'].pk}_other": ""})).content.decode()
    assert "Bitte „Sonstiges“ kurz beschreiben." in page
    client.post(url, page_one(q))
    page = client.post(url, page_two(q, ranking=("1", "1"))).content.decode()
    assert "Jeder Rang darf nur einmal vergeben werden." in page
    assert Response.objects.get().submitted_at is None


def test_a_question_is_shown_only_if_the_earlier_answer_matches(surveys, client):
    q = surveys.survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    client.post(url, page_one(q, **{f"q{q['single'].pk}": "nein"}))
    page = client.get(url + "?seite=2").content.decode()
    assert "Was fehlt in der Stadt?" not in page
    client.post(url, page_one(q, **{f"q{q['single'].pk}": "ja"}))
    page = client.get(url + "?seite=2").content.decode()
    assert "Was fehlt in der Stadt?" in page


def test_answers_to_a_question_hidden_later_are_dropped_on_submit(surveys, client):
    q = surveys.survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    client.post(url, page_one(q))
    client.post(url, {**page_two(q), "absenden": "", "weiter": "1"})
    client.post(url, page_one(q, **{f"q{q['single'].pk}": "nein"}))
    data = page_two(q)
    del data[f"q{q['long'].pk}"]
    client.post(url, data)
    assert not Answer.objects.filter(question=q["long"]).exists()


def test_text_answers_have_a_size_limit(surveys, client):
    q = surveys.survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    client.post(url, page_one(q))
    data = page_two(q)
    data[f"q{q['long'].pk}"] = "x" * 5001
    page = client.post(url, data).content.decode()
    assert "höchstens 5000 Zeichen" in page
    assert Response.objects.get().submitted_at is None


def test_a_closed_survey_accepts_nothing(surveys, client):
    services.survey_close(survey=surveys.survey)
    url = answer_url(surveys)
    assert client.get(url).status_code == 410
    assert client.post(url, {"seite": "0"}).status_code == 410
    assert not Response.objects.exists()


def test_a_survey_after_its_end_accepts_nothing(surveys, client):
    surveys.survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    surveys.survey.opens_on = surveys.survey.closes_on - datetime.timedelta(days=5)
    surveys.survey.save()
    assert client.post(answer_url(surveys), {"seite": "0"}).status_code == 410


def test_a_forged_or_foreign_token_finds_nothing(surveys, client):
    assert client.get(answer_url(surveys, token="abc")).status_code == 404
    other = SurveyLink.objects.create(survey=surveys.survey, email="x@example.org")
    token = other.make_token()
    other.nonce = "neu"
    other.save()
    assert client.get(answer_url(surveys, token=token)).status_code == 404


def test_the_open_link_is_anonymous_and_keeps_no_ip(surveys, client):
    q = surveys.open_survey.q
    url = open_url(surveys)
    client.post(url, {"seite": "0"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Geheim/1.0")
    client.post(url, page_one(q))
    client.post(url, page_two(q))
    response = Response.objects.get(survey=surveys.open_survey)
    assert response.submitted_at is not None and response.link is None
    assert response.submitted_at.minute == 0  # only the day is kept
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("participation_response", "participation_answer"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            dump = repr(cursor.fetchall())
            assert "203.0.113.9" not in dump and "Geheim" not in dump
    # the session no longer points at the response
    assert f"survey-response-{surveys.open_survey.pk}" not in client.session


def test_anonymous_personal_survey_cuts_the_link_on_submit(surveys, client):
    survey = surveys.survey
    survey.anonymous = True
    survey.save()
    q = survey.q
    url = answer_url(surveys)
    client.post(url, {"seite": "0"})
    client.post(url, page_one(q))
    client.post(url, page_two(q))
    response = Response.objects.get(survey=survey)
    assert response.link is None
    surveys.link.refresh_from_db()
    assert surveys.link.answered and surveys.link.answered_at is None
    # the link cannot open the response again
    page = client.get(url)
    assert "bereits geantwortet" in page.content.decode()
    assert client.post(url, {"seite": "0"}).status_code == 200
    assert Response.objects.count() == 1


def test_the_honeypot_saves_nothing(surveys, client):
    url = open_url(surveys)
    assert client.post(url, {"seite": "0", "website": "http://spam.example"}).status_code == 302
    assert not Response.objects.exists()


def test_open_links_are_rate_limited_per_client(surveys, client, monkeypatch):
    from participation.surveys import views

    monkeypatch.setattr(views, "OPEN_POSTS_PER_HOUR", 3)
    url = open_url(surveys)
    statuses = [
        client.post(url, {"seite": "0"}, REMOTE_ADDR="198.51.100.7").status_code for _ in range(5)
    ]
    assert statuses[:3] == [302, 302, 302] and statuses[3:] == [429, 429]
    # another client is not affected
    assert client.post(url, {"seite": "0"}, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_the_answer_page_needs_csrf(surveys):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(open_url(surveys), {"seite": "0"}).status_code == 403
    assert not Response.objects.exists()
