from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Beteiligung und Gremien"

    def load_demo(self, *, stdout=None):
        from concepts.demo import TOWN_SLUG
        from concepts.models import Municipality

        town = Municipality.objects.filter(slug=TOWN_SLUG).first()
        if town is None:
            return
        from participation.demo import council, groups, review

        groups.load(town, stdout)
        review.load(town, stdout)
        # Last: the council demo records the adoption, which locks the 2017 edition.
        council.load(town, stdout)

    def load_demo_large(self, *, stdout=None):
        from participation.demo.large import load

        return load(stdout=stdout)

    def start_panels(self, request, municipality, role):
        from participation.panels_council import council_start_panels
        from participation.panels_meetings import meeting_panels
        from participation.panels_review import review_panels

        return (
            review_panels(request, municipality, role)
            + meeting_panels(request, municipality, role)
            + council_start_panels(request, municipality, role)
        )
