from django.apps import AppConfig


class IntegrationSiteConfig(AppConfig):
    name = "integration_site"
    verbose_name = "Integrationskonzept – Website"

    def ready(self):
        # Connects the login stamp of the session lifetime (signal receiver).
        from integration_site import sessions  # noqa: F401
