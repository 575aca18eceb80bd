from django.urls import reverse

from concepts.models import Edition
from concepts.rules import memberships_of


def navigation(request):
    """The town the page belongs to, where its name links to, and the towns to switch to."""
    municipality = getattr(request, "municipality", None)
    user = getattr(request, "user", None)
    memberships = memberships_of(user) if user is not None and user.is_authenticated else []
    current = next(
        (m for m in memberships if municipality and m.municipality_id == municipality.pk), None
    )
    return {
        "current_municipality": municipality,
        "current_membership": current,
        "current_municipality_url": town_url(municipality, user, current),
        "my_memberships": memberships,
    }


def town_url(municipality, user, membership):
    """Where the town's name in header and breadcrumbs leads: its start page for those who may
    read it; for everybody else (the public on a legal page) its public view if it has one,
    else nowhere — never to a page that only answers with the login form."""
    if municipality is None:
        return None
    if membership is not None or (user is not None and user.is_superuser):
        return reverse("town_home", args=[municipality.slug])
    if Edition.objects.filter(concept__municipality=municipality).published().exists():
        return reverse("public:index", args=[municipality.slug])
    return None
