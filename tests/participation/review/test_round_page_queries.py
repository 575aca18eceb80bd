"""The round page costs a bounded number of queries whatever the number of comments."""

import pytest
from django.urls import reverse

from participation.review import services
from tests.participation.review.conftest import make_member


@pytest.fixture
def busy_round(review):
    members = [
        make_member(review, f"person-{n}", review.group_a, organisation=f"Verein {n}")
        for n in range(20)
    ]
    roots = []
    for n in range(160):
        roots.append(
            services.comment_create(
                round_=review.round,
                author=members[n % 20],
                text=f"Kommentar {n} mit *Betonung*.",
                paragraph=(n % 3) + 1 if n % 7 else None,
            )
        )
    for n in range(40):
        services.comment_create(
            round_=review.round, author=members[(n + 3) % 20], text=f"Antwort {n}.", parent=roots[n]
        )
    for comment in roots[:30]:
        services.comment_answer(
            comment=comment, user=review.users["staff"], disposition="accepted", answer="Danke."
        )
    return review


@pytest.mark.parametrize("role", ["member", "staff"])
def test_round_page_with_200_comments_needs_at_most_15_queries(
    busy_round, client_for, role, django_assert_max_num_queries
):
    client = client_for(role)
    url = reverse(
        "participation:review_round_detail",
        kwargs={"town": busy_round.town.slug, "round": busy_round.round.pk},
    )
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="comment"') + html.count('class="comment comment-') >= 201
    assert "Antwort 39." in html


@pytest.mark.parametrize("name", ["review_round_list", "notification_settings"])
def test_lists_have_a_query_budget(busy_round, member_client, name, django_assert_max_num_queries):
    url = reverse(f"participation:{name}", kwargs={"town": busy_round.town.slug})
    with django_assert_max_num_queries(10):
        response = member_client.get(url)
    assert response.status_code == 200
    assert busy_round.town.name in response.content.decode()


def test_start_page_panels_have_a_query_budget(
    busy_round, member_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("town_home", kwargs={"town": busy_round.town.slug}))
    assert response.status_code == 200
    assert busy_round.round.title in response.content.decode()


def test_closed_round_with_chapter_changes_stays_within_budget(
    busy_round, member_client, django_assert_max_num_queries
):
    services.review_round_close(round_=busy_round.round, user=busy_round.users["staff"])
    busy_round.chapter.body = busy_round.chapter.body.replace("Sprachcafés", "Sprachtreffs")
    busy_round.chapter.save()
    url = reverse(
        "participation:review_round_detail",
        kwargs={"town": busy_round.town.slug, "round": busy_round.round.pk},
    )
    with django_assert_max_num_queries(15):
        response = member_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Seit der Prüfrunde geändert" in html
