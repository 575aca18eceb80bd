"""Django admin: the council models register in admin_council."""

from participation import admin_council  # noqa: F401
