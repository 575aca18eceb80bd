from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Beteiligung und Gremien"

    def start_panels(self, request, municipality, role):
        from participation.panels_review import review_panels

        return review_panels(request, municipality, role)
