"""Submitted responses written through the services, without the answer pages."""

from participation.models import Response
from participation.surveys import services


def respond(
    survey,
    *,
    single="ja",
    multiple=("Kinder",),
    other="",
    scale=4,
    number=10.0,
    matrix=None,
    ranking=("Sprache", "Arbeit"),
    long_text="",
    actor_kind="",
):
    q = survey.q
    response = Response.objects.create(survey=survey, actor_kind=actor_kind)
    services.response_save_section(
        response=response,
        section=survey.section_one,
        values={
            q["single"].pk: {"choice": single, "other": other if single == "__other__" else ""},
            q["multiple"].pk: {"choices": list(multiple), "other": ""} if multiple else None,
            q["scale"].pk: scale,
            q["number"].pk: number,
            q["date"].pk: "2020-01-01",
        },
    )
    services.response_save_section(
        response=response,
        section=survey.section_two,
        values={
            q["matrix"].pk: matrix or {"die Sprachkurse": "trifft voll zu"},
            q["ranking"].pk: list(ranking),
            q["long"].pk: long_text or None,
        },
    )
    return services.response_submit(response=response)
