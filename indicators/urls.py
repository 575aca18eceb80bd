from django.urls import path

from indicators import views, views_rounds

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorIndexView.as_view(), name="index"),
]

# The controlling cycle, the controlling report and the export (h5b).
urlpatterns += views_rounds.urlpatterns
