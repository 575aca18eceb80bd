from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indikatoren"

    def ready(self):
        # Concepts must not import its dependants; indicators plug into it here.
        from concepts import compare
        from concepts.exchange import register_section
        from concepts.extensions import (
            register_document_extension,
            register_indicator_counter,
            register_public_extension,
        )
        from concepts.signals import edition_copied
        from indicators import document, exchange, public
        from indicators.copying import copy_indicators
        from indicators.counts import indicator_counts
        from indicators.models import Indicator

        register_indicator_counter(
            indicator_counts, stamped=(Indicator.objects.all(), "field_of_action__edition")
        )
        register_document_extension(document.EXTENSION)
        register_public_extension(public.EXTENSION)
        register_section(exchange.SECTION)
        compare.register_section(exchange.COMPARISON_SECTION)
        edition_copied.connect(copy_indicators, dispatch_uid="indicators.copy_indicators")

    def start_panels(self, request, municipality, role):
        """The town's start page: how the current edition's indicators stand."""
        if role is None:
            return []
        from concepts.models import Edition
        from indicators.overview import edition_rollup

        edition = Edition.objects.for_municipality(municipality).current()
        if edition is None:
            return []
        summary, count = edition_rollup(edition)
        if not count:
            return []
        return [
            {
                "template": "indicators/panels/status.html",
                "rollup": summary,
                "count": count,
                "municipality": municipality,
            }
        ]
