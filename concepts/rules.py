"""Who may do what in a town. One role per person and town (Membership.role).

Other apps build their predicates on `role_in` and the predicates here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from concepts.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from concepts.models import Municipality


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships with their towns, loaded once per request (kept on the user).

    The permission checks (`role_in`) and the navigation both need them; request.user is a
    fresh object per request, so nothing outlives the request.
    """
    if not user.is_authenticated:
        return []
    memberships = getattr(user, "_memberships_cache", None)
    if memberships is None:
        memberships = list(Membership.objects.for_user(user).select_related("municipality"))
        user._memberships_cache = memberships
    return memberships


def role_in(user: User | AnonymousUser, municipality: Municipality | None) -> str | None:
    """The user's role in the town, or None; from the memberships loaded for the request."""
    if municipality is None or not user.is_authenticated:
        return None
    for membership in memberships_of(user):
        if membership.municipality_id == municipality.pk:
            return membership.role
    return None


@rules.predicate
def has_role_in_municipality(user: User | AnonymousUser, municipality: Municipality | None) -> bool:
    return role_in(user, municipality) is not None


@rules.predicate
def is_staff_of_municipality(user: User | AnonymousUser, municipality: Municipality | None) -> bool:
    return role_in(user, municipality) == Membership.Role.STAFF


@rules.predicate
def is_member_of_municipality(
    user: User | AnonymousUser, municipality: Municipality | None
) -> bool:
    return role_in(user, municipality) == Membership.Role.MEMBER


@rules.predicate
def is_council_of_municipality(
    user: User | AnonymousUser, municipality: Municipality | None
) -> bool:
    return role_in(user, municipality) == Membership.Role.COUNCIL


# Everyone with a role reads the concept; only the Stabsstelle edits it.
rules.add_perm("concepts.view_municipality", has_role_in_municipality)
rules.add_perm("concepts.edit_concept", is_staff_of_municipality)
