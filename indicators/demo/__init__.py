"""The indicators' demo data: Rheine and a large generated town."""
