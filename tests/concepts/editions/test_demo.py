import pytest
from django.core.management import call_command

from concepts.models import Edition
from concepts.services.assessments import assessment_rows
from concepts.services.compare import compare_editions


@pytest.mark.django_db
def test_demo_shows_an_adopted_edition_and_its_fortschreibung(demo_db):
    call_command("demo")  # idempotent: a second load changes nothing
    adopted = Edition.objects.get(title="2. Fortschreibung")
    draft = Edition.objects.get(title="3. Fortschreibung")
    assert adopted.status == Edition.Status.ADOPTED
    assert adopted.adopted_on.isoformat() == "2017-05-30"
    assert draft.status == Edition.Status.DRAFT and draft.based_on == adopted
    results = {r.section.key: r for r in compare_editions(adopted, draft)}
    assert results["massnahmen"].added and results["massnahmen"].removed
    assert results["massnahmen"].changed and results["handlungsziele"].changed
    assert len(assessment_rows(draft)) >= 8
