from django.apps import AppConfig


class IntegrationSiteConfig(AppConfig):
    name = "integration_site"
    verbose_name = "Integrationskonzept – Website"
