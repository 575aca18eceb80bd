from django.apps import AppConfig


class ConceptsConfig(AppConfig):
    name = "concepts"
    verbose_name = "Integrationskonzept"

    def ready(self):
        from concepts.document import CONCEPT_PDF
        from integration_site.background.pdfs import register_pdf

        register_pdf(CONCEPT_PDF)

        from concepts.exchange import background_import
        from integration_site.background.imports import register_import

        register_import(background_import())

        from concepts.word.background import background_import as word_import

        register_import(word_import())
