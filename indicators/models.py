"""Indicators and their measured values.

Indikator → Indicator · Messwert → Measurement · Berichtsrunde → ReportingRound
"""
