from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Beteiligung und Gremien"

    def ready(self):
        # Concepts must not import its dependants; participation plugs into it here.
        from concepts.extensions import ConceptExtension, register
        from integration_site.background.pdfs import register_pdf
        from participation.council.pdf import PAPER_PACKAGE_PDF, PAPER_PDF
        from participation.review.exports import SYNOPSIS_PDF
        from participation.surveys.exports import RESULTS_PDF

        for kind in (PAPER_PDF, PAPER_PACKAGE_PDF, SYNOPSIS_PDF, RESULTS_PDF):
            register_pdf(kind)

        # OParl tombstones: record what the API stopped showing after each change.
        from participation.oparl.tombstones import connect

        connect()

        register(
            ConceptExtension(
                name="participation",
                start_panels=start_panels,
                document_fragments=document_fragments,
                field_page_fragments=field_page_fragments,
                public_fragments=public_fragments,
                stamps={"document": (document_stamp,)},
                load_demo=load_demo,
                load_demo_large=load_demo_large,
                load_demo_town=load_demo_town,
            )
        )


def start_panels(request, municipality, role):
    from participation.council.panels import council_start_panels
    from participation.groups.panels import meeting_panels
    from participation.review.panels import review_panels

    return (
        review_panels(request, municipality, role)
        + meeting_panels(request, municipality, role)
        + council_start_panels(request, municipality, role)
    )


def document_fragments(edition):
    from participation.surveys.citations import document_fragments as fragments

    return fragments(edition)


def field_page_fragments(request, edition, field):
    from participation.surveys.citations import field_page_fragments as fragments

    return fragments(request, edition, field)


def public_fragments(edition, field):
    from participation.surveys.citations import public_fragments as fragments

    return fragments(edition, field)


def document_stamp(edition):
    from participation.surveys.citations import document_stamp as stamp

    return stamp(edition)


def load_demo(*, stdout=None):
    from concepts.demo.rheine import TOWN_SLUG
    from concepts.models import Municipality
    from participation.demo import velsburg as demo_velsburg

    demo_velsburg.load(stdout=stdout)
    town = Municipality.objects.filter(slug=TOWN_SLUG).first()
    if town is None:
        return
    from participation.demo import council as demo_council
    from participation.demo import groups as demo_groups
    from participation.demo import review as demo_review
    from participation.demo import surveys as demo_surveys

    demo_groups.load(town, stdout)
    demo_review.load(town, stdout)
    demo_surveys.load(town, stdout)
    # Last: the council demo records the adoption, which locks the 2017 edition.
    demo_council.load(town, stdout)


def load_demo_large(*, stdout=None):
    from participation.demo.large import load

    return load(stdout=stdout)


def load_demo_town(town, edition):
    from participation.demo.large import populate

    return populate(town, edition, f"AG Sprache und Bildung ({town.name})")
