from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indikatoren"

    def ready(self):
        # Concepts must not import its dependants; indicators plug into it here.
        from concepts.extensions import register
        from indicators.extension import extension

        register(extension())
