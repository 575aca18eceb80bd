from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


class OrderedModel(TimeStampedModel):
    """Ordered within its parent; `position` is dense from 1 within one parent."""

    position = models.PositiveIntegerField(_("Position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
