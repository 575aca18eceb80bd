"""Django admin: the council models register in council_admin."""

from participation.council import admin as council_admin  # noqa: F401
