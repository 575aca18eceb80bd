"""What the OParl API has published, so that it can report deletions (OParl 1.1 §2.8).

OParl forbids objects that simply vanish: a consumer that keeps itself up to date with
`modified_since` must learn that a paper was depublished or an agenda item removed. Our
objects are hard-deleted or become non-public in many ways, so the API keeps a ledger of every
object it has shown (`participation.oparl.tombstones.reconcile` brings it up to date after each
change); a ledger row with `deleted_at` is the tombstone (`deleted: true`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from concepts.models import Municipality


class OParlRecord(models.Model):
    """One object the OParl API shows or has shown (identified by its URL name and key)."""

    kind = models.CharField(_("OParl-Objektart"), max_length=40)
    key = models.CharField(_("Schlüssel"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kommune"),
        help_text=_("Leer bei der Kommune selbst (Body), damit sie als gelöscht sichtbar bleibt."),
    )
    town_slug = models.CharField(_("Kürzel der Kommune"), max_length=100)
    parents = models.JSONField(_("eingebettet in"), default=list, blank=True)
    organization_key = models.CharField(
        _("Gremium (bei Sitzungen)"), max_length=100, blank=True, db_index=True
    )
    created = models.DateTimeField(_("angelegt"))
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("veröffentlichtes OParl-Objekt")
        verbose_name_plural = _("veröffentlichte OParl-Objekte")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="oparl_record_unique_kind_key")
        ]
        indexes = [models.Index(fields=["municipality", "kind", "deleted_at"])]

    def __str__(self):
        return f"{self.kind} {self.key}"
