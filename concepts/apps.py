from django.apps import AppConfig


class ConceptsConfig(AppConfig):
    name = "concepts"
    verbose_name = "Integrationskonzept"

    def load_demo(self, *, stdout=None):
        from concepts.demo.loader import load

        return load(stdout=stdout)

    def load_demo_large(self, *, stdout=None):
        from concepts.demo.large import load

        return load(stdout=stdout)
