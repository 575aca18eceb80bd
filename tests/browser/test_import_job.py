"""The page of an import running in the worker: accessible while it waits (no meta refresh for
script users, axe clean), and it turns into the result by itself once the worker is done."""

import pytest

from integration_site.background.models import ImportJob


@pytest.mark.django_db(transaction=True)
def test_the_waiting_page_updates_itself_into_the_result(
    world, page, login, axe_violations, screenshot
):
    job = ImportJob.objects.create(
        kind="exchange", municipality=world.town, user=world.users["staff"], filename="k.json"
    )
    login("stab")
    page.goto(f"/rheine/importe/{job.pk}/")
    assert page.get_by_role("heading", name="Die Datei wird importiert").is_visible()
    screenshot("import-job-waiting")
    assert axe_violations() == []

    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE,
        progress=100,
        result={"url": "/rheine/", "link": "Zum Ergebnis", "messages": [["success", "Fertig."]]},
    )
    # htmx asks again after two seconds and swaps the job's part: no reload, no meta refresh.
    page.get_by_role("heading", name="Import abgeschlossen").wait_for(timeout=10_000)
    assert page.get_by_role("link", name="Zum Ergebnis").is_visible()
    assert page.locator("#import-job[hx-trigger]").count() == 0  # polling stopped
    screenshot("import-job-done")
    assert axe_violations() == []
