"""Importing indicator values from spreadsheets: parsing and storing."""
