from django.urls import path

from indicators import views
from indicators.rounds.urls import urlpatterns as round_urlpatterns

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorIndexView.as_view(), name="index"),
    path("<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("<int:pk>/grafik.svg", views.IndicatorChartView.as_view(), name="indicator_chart"),
    path("<int:pk>/bearbeiten/", views.IndicatorUpdateView.as_view(), name="indicator_update"),
    path("<int:pk>/loeschen/", views.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("<int:pk>/werte/", views.MeasurementCreateView.as_view(), name="measurement_create"),
    path(
        "werte/<int:pk>/loeschen/",
        views.MeasurementDeleteView.as_view(),
        name="measurement_delete",
    ),
    path(
        "fassung/<int:edition>/neu/", views.IndicatorCreateView.as_view(), name="indicator_create"
    ),
    path(
        "fassung/<int:edition>/handlungsfeld/<int:field>/werte/",
        views.MeasurementTableView.as_view(),
        name="measurement_table",
    ),
    path(
        "fassung/<int:edition>/vorlage.<str:fmt>",
        views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("fassung/<int:edition>/import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("fassung/<int:edition>/daten-und-fakten/", views.FactsView.as_view(), name="facts"),
    path(
        "fassung/<int:edition>/import/<str:token>/",
        views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
]

# The controlling cycle, the controlling report and the export (h5b).
urlpatterns += round_urlpatterns

# The indicators' pages of the public view, under /<town>/oeffentlich/ beside the concept's
# (included by integration_site/urls.py under the namespace "public_indicators").
public_urlpatterns = [
    path("<int:edition>/daten-und-fakten/", views.PublicFactsView.as_view(), name="facts"),
]
