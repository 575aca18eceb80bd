"""Row counts of every table, to show that a refused import or a refused save changed nothing."""

from django.apps import apps


def row_counts() -> dict[str, int]:
    """Rows per model (`app_label.ModelName`) over every installed model, history tables too."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }
