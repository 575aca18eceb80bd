"""The indicators' pages of the public view, under /<town>/oeffentlich/ beside the concept's."""

from django.urls import path

from indicators import views

app_name = "public_indicators"

urlpatterns = [
    path("<int:edition>/daten-und-fakten/", views.PublicFactsView.as_view(), name="facts"),
]
