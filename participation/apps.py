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
        from participation import demo_groups

        demo_groups.load(town, stdout)
