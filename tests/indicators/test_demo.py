from concepts.demo import rheine as concept_demo
from indicators.models import Indicator, Measurement
from indicators.overview import edition_overview


def test_demo_has_realistic_indicators_with_years_of_values(db):
    # The indicators come with the demo concept's exchange file (`extensions.indicators`).
    concept_demo.load()
    # The demo's draft Fortschreibung carries copies that continue these series.
    indicators = Indicator.objects.filter(continues__isnull=True)
    assert indicators.count() >= 15
    for indicator in indicators.filter(is_qualitative=False).exclude(rhythm="irregular"):
        years = indicator.measurements.filter(breakdown="").values("period_end").distinct()
        assert years.count() >= 5, indicator.name
    assert Measurement.objects.filter(is_approximate=True).exists()
    assert Measurement.objects.filter(is_series_break=True).exists()
    assert indicators.filter(is_qualitative=True).exists()
    assert Measurement.objects.exclude(breakdown="").exists()
    names = set(indicators.values_list("name", flat=True))
    assert "SGB-II-Quote nach Staatsangehörigkeit" in names
    assert "Anteil ausländischer Einwohner/innen" in names
    # Several statuses show up, so the dashboard has something to say.
    edition = indicators.first().edition
    statuses = {row.status.status for block in edition_overview(edition) for row in block.rows}
    assert len(statuses) >= 4
    # Loading again changes nothing.
    assert concept_demo.load() is None
    assert Indicator.objects.filter(continues__isnull=True).count() == indicators.count()
