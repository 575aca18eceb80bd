from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indikatoren"

    def ready(self):
        # Concepts must not import its dependants; indicators plug into it here.
        from concepts.extensions import register
        from indicators.extension import extension

        register(extension())

        from indicators.rounds.report import REPORT_PDF
        from integration_site.background.pdfs import register_pdf

        register_pdf(REPORT_PDF)

        from indicators.importers.background import background_import
        from integration_site.background.imports import register_import

        register_import(background_import())

        # Charts are drawn by the worker when the values change (indicators/chart_store.py).
        from django.db.models.signals import post_delete, post_save

        from indicators.chart_store import charts_changed
        from indicators.models import Indicator, Measurement

        def measurement_changed(sender, instance, **kwargs):
            charts_changed([instance.indicator_id])

        def indicator_changed(sender, instance, **kwargs):
            charts_changed([instance.pk])

        post_save.connect(measurement_changed, sender=Measurement, weak=False)
        post_delete.connect(measurement_changed, sender=Measurement, weak=False)
        post_save.connect(indicator_changed, sender=Indicator, weak=False)
