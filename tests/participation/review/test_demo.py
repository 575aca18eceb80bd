from django.urls import reverse

from concepts.demo import rheine as demo
from concepts.models import Municipality
from participation.demo import review as demo_review
from participation.models import Comment, ReviewRound


def test_demo_has_an_open_and_a_closed_round_the_demo_member_sees(db, client):
    demo.load()
    town = Municipality.objects.get(slug=demo.TOWN_SLUG)
    demo_review.load(town)
    demo_review.load(town)  # idempotent
    rounds = ReviewRound.objects.for_municipality(town)
    assert sorted(r.status for r in rounds) == ["closed", "open"]
    client.force_login(town.memberships.get(user__username="mitglied").user)
    for round_ in rounds:
        response = client.get(
            reverse(
                "participation:review_round_detail", kwargs={"town": town.slug, "round": round_.pk}
            )
        )
        assert response.status_code == 200
    for reply in Comment.objects.filter(round__in=rounds, parent__isnull=False):
        assert reply.paragraph == reply.parent.paragraph
    closed = rounds.get(status="closed")
    html = client.get(
        reverse("participation:review_round_detail", kwargs={"town": town.slug, "round": closed.pk})
    ).content.decode()
    assert "Seit der Prüfrunde geändert" in html and "Übernommene Kommentare" in html
