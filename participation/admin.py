"""Django admin: the council models register in council_admin, the RIS link in ris_admin."""

from participation.council import admin as council_admin  # noqa: F401
from participation.ris import admin as ris_admin  # noqa: F401
