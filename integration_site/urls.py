from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from integration_site import views

admin.site.site_header = "Integrationskonzept – Verwaltung"
admin.site.site_title = "Integrationskonzept"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("oparl/v1/", include("participation.oparl.urls")),
    path("<slug:town>/", views.TownHomeView.as_view(), name="town_home"),
    path("<slug:town>/konzept/", include("concepts.urls")),
    path("<slug:town>/oeffentlich/", include("concepts.public_urls")),
    path("<slug:town>/indikatoren/", include("indicators.urls")),
    path("<slug:town>/beteiligung/", include("participation.urls")),
    path("<slug:town>/gremien/", include("participation.council_urls")),
]

if settings.DEBUG:
    import re

    from django.urls import re_path
    from django.views.static import serve

    # Uploads such as logos, for development. Meeting attachments (attachments/) are never
    # served directly, only through their permission-checked view.
    urlpatterns = [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>(?!attachments/).*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ] + urlpatterns
