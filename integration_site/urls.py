from django.contrib import admin
from django.urls import include, path

from concepts.services.legal import PAGES
from concepts.views import legal
from indicators import urls as indicator_urls
from integration_site import views
from integration_site.background import imports
from integration_site.login_throttle import ThrottledPasswordResetView

# German pages in the site's layout instead of Django's bare English ones (integration_site/errors).
handler400 = "integration_site.errors.bad_request"
handler403 = "integration_site.errors.permission_denied"
handler404 = "integration_site.errors.page_not_found"
handler500 = "integration_site.errors.server_error"

admin.site.site_header = "Integrationskonzept – Verwaltung"
admin.site.site_title = "Integrationskonzept"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("health/", views.health, name="health"),
    # Browsers ask for /favicon.ico on their own (PDFs, JSON, old bookmarks): no 404 for that.
    path("favicon.ico", views.favicon, name="favicon"),
    # The interface language is a choice stored in the session, not a URL prefix (set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "konto/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "konto/login/",
        views.LoginView.as_view(),
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
    path("<slug:town>/importe/<int:job>/", imports.ImportJobView.as_view(), name="import_job"),
    path("<slug:town>/rechtliche-angaben/", legal.LegalTextsEditView.as_view(), name="legal_edit"),
    path("<slug:town>/konzept/", include("concepts.urls")),
    path("<slug:town>/oeffentlich/", include("concepts.public.urls")),
    path(
        "<slug:town>/oeffentlich/",
        include((indicator_urls.public_urlpatterns, "public_indicators")),
    ),
    path("<slug:town>/indikatoren/", include("indicators.urls")),
    path("<slug:town>/beteiligung/", include("participation.urls")),
    path("<slug:town>/gremien/", include("participation.council.urls")),
    path("<slug:town>/ratsinformationssystem/", include("participation.ris.urls")),
]

# No route serves MEDIA_ROOT, not even with DEBUG: every uploaded or stored file (meeting and
# Vorlage attachments, controlling reports) goes out through a view that checks permission.
