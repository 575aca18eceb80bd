import datetime
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concepts.models import Edition
from participation.models import Comment, ReviewRound, WorkingGroup
from participation.review import services
from participation.review.display import paragraph_changes
from tests.permissions import current_version


def round_url(world, round_=None):
    round_ = round_ or world.round
    return reverse(
        "participation:review_round_detail", kwargs={"town": world.town.slug, "round": round_.pk}
    )


def post_comment(client, world, round_=None, **data):
    round_ = round_ or world.round
    url = reverse(
        "participation:review_comment_create",
        kwargs={"town": world.town.slug, "round": round_.pk},
    )
    return client.post(url, data, follow=True)


def test_round_freezes_the_chapter_text_in_numbered_paragraphs(review):
    review.chapter.body = "Ganz neuer Text."
    review.chapter.save()
    review.round.refresh_from_db()
    assert [n for n, _ in review.round.paragraphs] == [1, 2, 3]
    assert review.round.paragraphs[1][1] == "Die Stadt baut die Sprachcafés in den Stadtteilen aus."


def test_member_sees_the_draft_paragraph_by_paragraph_with_comments(review, member_client):
    response = member_client.get(round_url(review))
    html = response.content.decode()
    assert 'id="absatz-2"' in html
    assert "Bitte Dorenkamp nennen." in html
    assert "Absatz 2 kommentieren" in html


def test_member_of_group_a_cannot_see_or_comment_on_round_of_group_b(review, member_client):
    assert member_client.get(round_url(review, review.round_b)).status_code == 404
    response = post_comment(member_client, review, review.round_b, text="Hallo")
    assert response.status_code == 404
    assert not Comment.objects.filter(round=review.round_b, author=review.users["member"]).exists()


def test_rounds_of_other_groups_do_not_leak_into_lists(review, member_client):
    for url in (
        reverse("participation:review_round_list", kwargs={"town": review.town.slug}),
        reverse("town_home", kwargs={"town": review.town.slug}),
    ):
        html = member_client.get(url).content.decode()
        assert round_url(review) in html
        assert round_url(review, review.round_b) not in html
        assert "Geheimer Hinweis" not in html


def test_council_and_outsiders_see_no_rounds(review, client_for):
    for role in ("council", "outsider"):
        client = client_for(role)
        assert client.get(round_url(review)).status_code == 403
        home = client.get(reverse("town_home", kwargs={"town": review.town.slug}))
        assert round_url(review) not in home.content.decode()


def test_staff_sees_every_round_of_the_town(review, staff_client):
    html = staff_client.get(
        reverse("participation:review_round_list", kwargs={"town": review.town.slug})
    ).content.decode()
    assert round_url(review) in html and round_url(review, review.round_b) in html


def test_member_comments_on_a_paragraph_and_replies_in_a_thread(review, member_client):
    post_comment(member_client, review, text="Zu Absatz drei.", paragraph=3)
    comment = Comment.objects.get(text="Zu Absatz drei.")
    assert comment.paragraph == 3 and comment.author == review.users["member"]
    post_comment(member_client, review, text="Nachtrag.", parent=comment.pk)
    reply = Comment.objects.get(text="Nachtrag.")
    assert reply.parent == comment and reply.paragraph == 3
    # A reply to a reply joins the thread of its root.
    post_comment(member_client, review, text="Noch einer.", parent=reply.pk)
    assert Comment.objects.get(text="Noch einer.").parent == comment
    html = member_client.get(round_url(review)).content.decode()
    assert 'class="comment-replies' in html


def test_comment_on_whole_chapter(review, member_client):
    post_comment(member_client, review, text="Insgesamt gut.")
    assert Comment.objects.get(text="Insgesamt gut.").paragraph is None


def test_comment_on_missing_paragraph_is_refused(review):
    with pytest.raises(ValidationError):
        services.comment_create(
            round_=review.round, author=review.users["member"], text="x", paragraph=9
        )


def test_deadline_passed_means_no_more_comments(review, member_client):
    review.round.deadline = timezone.localdate() - datetime.timedelta(days=1)
    review.round.save()
    response = post_comment(member_client, review, text="Zu spät.", paragraph=1)
    html = response.content.decode()
    assert "Kommentare sind nicht mehr möglich" in html
    assert not Comment.objects.filter(text="Zu spät.").exists()
    assert "Absatz 1 kommentieren" not in html


def test_member_edits_own_comment_and_it_is_marked_edited(review, member_client):
    url = reverse(
        "participation:review_comment_update",
        kwargs={"town": review.town.slug, "round": review.round.pk, "comment": review.comment.pk},
    )
    assert member_client.get(url).status_code == 200
    response = member_client.post(
        url,
        {
            "text": "Bitte Dorenkamp und Schotthock nennen.",
            "version": current_version(review.comment),
        },
        follow=True,
    )
    review.comment.refresh_from_db()
    assert review.comment.is_edited
    html = response.content.decode()
    assert "Dorenkamp und Schotthock" in html and "bearbeitet" in html


def test_nobody_else_edits_or_withdraws_a_comment(review):
    for user in (review.member_b, review.users["staff"]):
        with pytest.raises(ValidationError):
            services.comment_update(comment=review.comment, user=user, text="x")
        with pytest.raises(ValidationError):
            services.comment_withdraw(comment=review.comment, user=user)


def test_withdrawn_comment_shows_as_withdrawn_without_its_text(review, member_client, staff_client):
    url = reverse(
        "participation:review_comment_withdraw",
        kwargs={"town": review.town.slug, "round": review.round.pk, "comment": review.comment.pk},
    )
    member_client.post(url)
    review.comment.refresh_from_db()
    assert review.comment.is_withdrawn
    for client in (member_client, staff_client):
        html = client.get(round_url(review)).content.decode()
        assert "zurückgezogen" in html
        assert "Bitte Dorenkamp nennen." not in html
    with pytest.raises(ValidationError):
        services.comment_update(comment=review.comment, user=review.users["member"], text="x")


DANGEROUS_TAGS = {"script", "iframe", "svg", "img", "math", "style", "animate", "object"}


def parsed_tags(html):
    """(tag, attrs) of every element in `html`: escaped text in a textarea is no element."""
    tags = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, attrs))

    Collector().feed(html)
    return tags


XSS_CORPUS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[klick](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    '<svg><animate onbegin="alert(1)" attributeName="x"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div onclick="alert(1)" style="color:red">x</div>',
    '<a href="JaVaScRiPt:alert(1)">y</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_xss_in_comments_and_answers_renders_inert(review, member_client, staff_client, payload):
    comment = services.comment_create(
        round_=review.round, author=review.users["member"], text=payload, paragraph=1
    )
    services.comment_answer(
        comment=comment, user=review.users["staff"], disposition="done", answer=payload
    )
    for client in (member_client, staff_client):
        html = client.get(round_url(review)).content.decode().lower()
        start = html.index(f'id="kommentar-{comment.pk}"')
        fragment = html[start : html.index("</article>", start)]
        tags = parsed_tags(fragment)
        assert not {name for name, _ in tags} & DANGEROUS_TAGS, payload
        for _name, attrs in tags:
            for attr, value in attrs:
                assert not attr.startswith("on") and attr != "style", (payload, attr)
                assert "javascript:" not in (value or "").replace(" ", ""), payload


def test_staff_answers_and_marks_a_comment(review, staff_client, member_client):
    url = reverse(
        "participation:review_comment_answer",
        kwargs={"town": review.town.slug, "round": review.round.pk, "comment": review.comment.pk},
    )
    response = staff_client.post(
        url,
        {
            "disposition": "accepted",
            "answer": "Wird **ergänzt**.",
            "version": current_version(review.comment),
        },
    )
    assert response.status_code == 302
    review.comment.refresh_from_db()
    assert review.comment.disposition == Comment.Disposition.ACCEPTED
    assert review.comment.answered_by == review.users["staff"]
    html = member_client.get(round_url(review)).content.decode()
    assert "übernommen" in html and "<strong>ergänzt</strong>" in html


def test_answer_needs_a_disposition(review, staff_client):
    url = reverse(
        "participation:review_comment_answer",
        kwargs={"town": review.town.slug, "round": review.round.pk, "comment": review.comment.pk},
    )
    response = staff_client.post(url, {"disposition": "", "answer": "x"})
    assert response.status_code == 200
    assert "Bitte eine Entscheidung wählen." in response.content.decode()


def test_closing_freezes_the_round(review, staff_client, member_client):
    url = reverse(
        "participation:review_round_close",
        kwargs={"town": review.town.slug, "round": review.round.pk},
    )
    staff_client.post(url)
    review.round.refresh_from_db()
    assert review.round.status == ReviewRound.Status.CLOSED and review.round.closed_at
    with pytest.raises(ValidationError):
        services.comment_create(round_=review.round, author=review.users["member"], text="x")
    with pytest.raises(ValidationError):
        services.comment_update(comment=review.comment, user=review.users["member"], text="x")
    with pytest.raises(ValidationError):
        services.comment_answer(
            comment=review.comment, user=review.users["staff"], disposition="done", answer=""
        )
    html = member_client.get(round_url(review)).content.decode()
    assert "abgeschlossen" in html and "kommentieren" not in html
    assert "Bitte Dorenkamp nennen." in html


def test_chapter_changes_after_the_round_show_beside_accepted_comments(review, member_client):
    services.comment_answer(
        comment=review.comment, user=review.users["staff"], disposition="accepted", answer="Ja."
    )
    services.review_round_close(round_=review.round, user=review.users["staff"])
    review.chapter.body = (
        review.chapter.body.replace("in den Stadtteilen", "in Dorenkamp und Schotthock")
        + "\n\nNeuer Absatz zum Schluss."
    )
    review.chapter.save()
    html = member_client.get(round_url(review)).content.decode()
    assert "Seit der Prüfrunde geändert" in html
    assert "<del>den Stadtteilen </del><ins>Dorenkamp und Schotthock </ins>" in html
    assert "Übernommene Kommentare" in html and f'href="#kommentar-{review.comment.pk}"' in html
    assert "Neuer Absatz zum Schluss." in html
    assert "Bearbeitet am" in html  # the chapter's history entry that made the change


def test_paragraph_changes_pair_changed_removed_and_new_paragraphs():
    changes = paragraph_changes("A eins\n\nB zwei\n\nC drei", "A eins\n\nB zwo\n\nNeu\n\n")
    assert changes[2].kind == "changed" and "<ins>zwo</ins>" in changes[2].diff
    assert changes[3].kind in ("changed", "removed")
    assert paragraph_changes("a\n\nb", "a\n\nb") == {}
    changes = paragraph_changes("a\n\nb", "x\n\na\n\nb")
    assert changes[0].inserted_after == ["x"]


def test_diff_escapes_user_text():
    changes = paragraph_changes("alt", "<script>alert(1)</script>")
    assert "<script>" not in changes[1].diff


def test_rounds_are_refused_on_locked_editions_and_past_deadlines(review):
    staff = review.users["staff"]
    with pytest.raises(ValidationError):
        services.review_round_open(
            chapter=review.chapter,
            groups=[review.group_a],
            deadline=timezone.localdate() - datetime.timedelta(days=1),
            user=staff,
        )
    review.edition.status = Edition.Status.ADOPTED
    review.edition.adopted_on = timezone.localdate()
    review.edition.save()
    review.chapter.refresh_from_db()
    with pytest.raises(ValidationError, match="beschlossen"):
        services.review_round_open(
            chapter=review.chapter,
            groups=[review.group_a],
            deadline=timezone.localdate(),
            user=staff,
        )


def test_groups_of_another_town_are_refused(review):
    foreign = WorkingGroup.objects.create(municipality=review.other_town, name="AG Emmerich")
    with pytest.raises(ValidationError):
        services.review_round_open(
            chapter=review.chapter,
            groups=[foreign],
            deadline=timezone.localdate(),
            user=review.users["staff"],
        )


def test_staff_opens_a_round_through_the_form(review, staff_client):
    url = reverse("participation:review_round_create", kwargs={"town": review.town.slug})
    form = staff_client.get(url).content.decode()
    assert "Sprachförderung" in form and "AG Sprache" in form
    response = staff_client.post(
        url,
        {
            "chapter": review.chapter.pk,
            "groups": [review.group_a.pk, review.group_b.pk],
            "deadline": "01.01.2000",
        },
    )
    assert "Die Frist darf nicht in der Vergangenheit liegen." in response.content.decode()
    response = staff_client.post(
        url, {"chapter": review.chapter.pk, "groups": [review.group_a.pk], "deadline": "2099-01-31"}
    )
    assert response.status_code == 302
    assert ReviewRound.objects.count() == 3


def test_start_page_shows_member_open_rounds_and_my_comments_with_answers(review, member_client):
    services.comment_answer(
        comment=review.comment,
        user=review.users["staff"],
        disposition="partly_accepted",
        answer="Teilweise aufgenommen.",
    )
    html = member_client.get(
        reverse("town_home", kwargs={"town": review.town.slug})
    ).content.decode()
    assert "Offene Prüfrunden" in html and review.round.deadline.strftime("%d.%m.%Y") in html
    assert "Meine Kommentare" in html and "Teilweise aufgenommen." in html
    assert "teilweise übernommen" in html


def test_start_page_shows_staff_all_open_rounds_with_undecided_counts(review, staff_client):
    html = staff_client.get(
        reverse("town_home", kwargs={"town": review.town.slug})
    ).content.decode()
    assert "Offene Prüfrunden" in html
    assert round_url(review) in html and round_url(review, review.round_b) in html
    assert "1 ohne Entscheidung" in html
    assert "Meine Kommentare" not in html


def test_chapter_choice_groups_the_chapters_by_draft_newest_first(review, staff_client):
    from tests import factories

    successor = factories.EditionFactory(
        concept=review.edition.concept, title="2. Fortschreibung", year=review.edition.year + 1
    )
    factories.ChapterFactory(edition=successor, title="Sprachförderung")
    html = staff_client.get(
        reverse("participation:review_round_create", kwargs={"town": review.town.slug})
    ).content.decode()
    newer = html.index('<optgroup label="' + review.edition.concept.title + " – 2. Fortschreibung")
    older = html.index(
        '<optgroup label="' + review.edition.concept.title + " – " + review.edition.title
    )
    assert newer < older
    assert html.count(">Sprachförderung</option>") == 2  # one per draft, each under its draft


def test_beteiligung_page_leads_to_the_review_rounds(review, member_client):
    html = member_client.get(
        reverse("participation:index", kwargs={"town": review.town.slug})
    ).content.decode()
    rounds_url = reverse("participation:review_round_list", kwargs={"town": review.town.slug})
    assert f'href="{rounds_url}">Prüfrunden</a>' in html
    assert "Offene Prüfrunden" in html and review.round.title in html


def test_the_review_has_one_name_on_its_pages(review, staff_client):
    town = review.town.slug
    for url in (
        reverse("participation:review_round_list", kwargs={"town": town}),
        reverse(
            "participation:review_round_detail", kwargs={"town": town, "round": review.round.pk}
        ),
        reverse("participation:review_round_create", kwargs={"town": town}),
        reverse("participation:index", kwargs={"town": town}),
    ):
        html = staff_client.get(url).content.decode()
        assert "Rücksprache" not in html, url
        assert "Prüfrunde" in html, url
