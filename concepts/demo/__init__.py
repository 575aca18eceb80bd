"""The concept's demo data: Rheine and a large generated town."""
