from concepts.rules import memberships_of


def navigation(request):
    """The town the page belongs to and the towns the person can switch to."""
    municipality = getattr(request, "municipality", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "current_municipality": municipality,
            "current_membership": None,
            "my_memberships": [],
        }
    memberships = memberships_of(user)
    current = next(
        (m for m in memberships if municipality and m.municipality_id == municipality.pk), None
    )
    return {
        "current_municipality": municipality,
        "current_membership": current,
        "my_memberships": memberships,
    }
