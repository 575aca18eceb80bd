from django.apps import AppConfig


class IntegrationSiteConfig(AppConfig):
    name = "integration_site"
    verbose_name = "Integrationskonzept – Website"

    def ready(self):
        from django.db.backends.signals import connection_created

        # Connects the login stamp of the session lifetime (signal receiver).
        from integration_site import sessions  # noqa: F401
        from integration_site.rendering import generation

        # Fingerprints are remembered until the next write (rendering/generation.py).
        connection_created.connect(generation.install, dispatch_uid="write-generation")
