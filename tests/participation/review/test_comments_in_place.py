"""Posting a comment in place (htmx): the comment's area of the round page comes back with the
new comment focused and an empty form, or with the German error summary and the text kept;
without JavaScript the POST and redirect work as before."""

import datetime

from django.urls import reverse
from django.utils import timezone

from participation.models import Comment

HTMX = {"HTTP_HX_REQUEST": "true"}


def create_url(world):
    return reverse(
        "participation:review_comment_create",
        kwargs={"town": world.town.slug, "round": world.round.pk},
    )


def assert_part(response):
    text = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in text and "site-header" not in text
    return text


def test_comment_in_place_returns_its_paragraph_with_the_new_comment_focused(review, member_client):
    response = member_client.post(
        create_url(review), {"text": "Sprachcafés auch in Dorenkamp.", "paragraph": 2}, **HTMX
    )
    text = assert_part(response)
    comment = Comment.objects.get(text="Sprachcafés auch in Dorenkamp.")
    assert comment.paragraph == 2
    assert f'<li id="kommentar-{comment.pk}" tabindex="-1" autofocus>' in text
    # the paragraph's area only: its earlier comment, its (empty) form, no other paragraph
    assert "Bitte Dorenkamp nennen." in text
    assert 'id="kommentar-absatz-2"' in text and 'id="kommentar-absatz-1"' not in text
    assert "Sprachcafés auch in Dorenkamp.</textarea>" not in text
    assert 'id="live-status" hx-swap-oob="innerHTML">Ihr Kommentar ist gespeichert.' in text
    # the message was said in place; it does not wait for the next page
    assert (
        "Ihr Kommentar ist gespeichert."
        not in member_client.get(
            reverse(
                "participation:review_round_detail",
                kwargs={"town": review.town.slug, "round": review.round.pk},
            )
        ).content.decode()
    )


def test_reply_in_place_joins_the_thread(review, member_client):
    response = member_client.post(
        create_url(review), {"text": "Und in Eschendorf.", "parent": review.comment.pk}, **HTMX
    )
    text = assert_part(response)
    reply = Comment.objects.get(text="Und in Eschendorf.")
    assert reply.parent == review.comment and reply.paragraph == 2
    assert 'class="comment-replies' in text
    assert f'id="kommentar-{reply.pk}" tabindex="-1" autofocus' in text


def test_chapter_comment_in_place_returns_the_chapter_area(review, member_client):
    text = assert_part(member_client.post(create_url(review), {"text": "Insgesamt gut."}, **HTMX))
    assert 'id="kommentar-kapitel"' in text and 'id="kommentar-absatz-1"' not in text
    assert Comment.objects.get(text="Insgesamt gut.").paragraph is None


def test_empty_comment_in_place_shows_the_error_summary_and_keeps_nothing(review, member_client):
    before = Comment.objects.count()
    text = assert_part(
        member_client.post(create_url(review), {"text": "   ", "paragraph": 1}, **HTMX)
    )
    assert Comment.objects.count() == before
    assert 'id="kommentar-fehler" tabindex="-1" autofocus' in text
    assert "Der Kommentar wurde nicht gespeichert:" in text
    assert '<a href="#kommentar-absatz-1">Bitte einen Kommentar eingeben.</a>' in text
    assert 'aria-invalid="true"' in text and '<details class="comment-form" open>' in text


def test_refused_comment_in_place_keeps_the_text_with_the_reason(review, member_client):
    review.round.deadline = timezone.localdate() - datetime.timedelta(days=1)
    review.round.save()
    text = assert_part(
        member_client.post(create_url(review), {"text": "Zu spät.", "paragraph": 1}, **HTMX)
    )
    assert not Comment.objects.filter(text="Zu spät.").exists()
    assert 'role="alert"' in text and "Der Kommentar wurde nicht gespeichert:" in text


def test_comment_on_a_missing_paragraph_in_place_reloads_the_page_with_the_reason(
    review, member_client
):
    response = member_client.post(create_url(review), {"text": "x", "paragraph": 9}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith(f"/{review.round.pk}/")
    assert not Comment.objects.filter(text="x").exists()
    page = member_client.get(response["HX-Redirect"]).content.decode()
    assert "Diesen Absatz gibt es im Entwurf nicht." in page


def test_without_javascript_the_comment_redirects_to_its_anchor(review, member_client):
    response = member_client.post(create_url(review), {"text": "Ohne Skript.", "paragraph": 1})
    comment = Comment.objects.get(text="Ohne Skript.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/#kommentar-{comment.pk}")
    page = member_client.get(response["Location"]).content.decode()
    assert "Ihr Kommentar ist gespeichert." in page
    # the forms are ordinary forms first: action and method stay beside hx-post
    assert f'<form method="post" action="{create_url(review)}" hx-post=' in page


def test_member_of_another_group_cannot_comment_in_place(review, client_for):
    response = client_for("member").post(
        reverse(
            "participation:review_comment_create",
            kwargs={"town": review.town.slug, "round": review.round_b.pk},
        ),
        {"text": "Fremd."},
        **HTMX,
    )
    assert response.status_code == 404
    assert not Comment.objects.filter(text="Fremd.").exists()
