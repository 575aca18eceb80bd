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
