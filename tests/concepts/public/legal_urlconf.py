"""The project's URLs plus legal pages, as the installation may have them (a11y part)."""

from django.http import HttpResponse
from django.urls import path

from integration_site.urls import urlpatterns as project_urlpatterns


def legal_page(request, town):
    return HttpResponse(f"<!doctype html><title>Impressum</title><h1>Impressum {town}</h1>")


urlpatterns = [
    path("<slug:town>/impressum/", legal_page, name="legal_imprint"),
    path("<slug:town>/datenschutz/", legal_page, name="legal_privacy"),
    *project_urlpatterns,
]
