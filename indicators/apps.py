from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indikatoren"

    def load_demo(self, *, stdout=None):
        from indicators.demo import load

        return load(stdout=stdout)
