from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from concepts.legal import PAGES
from concepts.views import legal
from integration_site import views
from integration_site.forms import LoginForm

admin.site.site_header = "Integrationskonzept – Verwaltung"
admin.site.site_title = "Integrationskonzept"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path(
        "konto/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("oparl/v1/", include("participation.oparl.urls")),
    # Legal pages: the installation's (before the town pattern), then each town's.
    *[
        path(
            f"{page.path}/",
            legal.SiteLegalPageView.as_view(),
            {"page": page.key},
            name=page.site_url_name,
        )
        for page in PAGES
    ],
    path("<slug:town>/", views.TownHomeView.as_view(), name="town_home"),
    *[
        path(
            f"<slug:town>/{page.path}/",
            legal.LegalPageView.as_view(),
            {"page": page.key},
            name=page.url_name,
        )
        for page in PAGES
    ],
    path("<slug:town>/rechtliche-angaben/", legal.LegalTextsEditView.as_view(), name="legal_edit"),
    path("<slug:town>/konzept/", include("concepts.urls")),
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
