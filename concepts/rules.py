"""Who may do what in a town. One role per person and town (Membership.role).

Other apps build their predicates on `role_in` and the predicates here.
"""

import rules

from concepts.models import Membership


def role_in(user, municipality):
    """The user's role in the town, or None; cached on the user for the request."""
    if municipality is None or not user.is_authenticated:
        return None
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("municipality_id", "role"))
        user._role_cache = cache
    return cache.get(municipality.pk)


@rules.predicate
def has_role_in_municipality(user, municipality):
    return role_in(user, municipality) is not None


@rules.predicate
def is_staff_of_municipality(user, municipality):
    return role_in(user, municipality) == Membership.Role.STAFF


@rules.predicate
def is_member_of_municipality(user, municipality):
    return role_in(user, municipality) == Membership.Role.MEMBER


@rules.predicate
def is_council_of_municipality(user, municipality):
    return role_in(user, municipality) == Membership.Role.COUNCIL


# Everyone with a role reads the concept; only the Stabsstelle edits it.
rules.add_perm("concepts.view_municipality", has_role_in_municipality)
rules.add_perm("concepts.edit_concept", is_staff_of_municipality)
