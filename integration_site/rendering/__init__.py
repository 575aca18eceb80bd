"""Turning content into pages and PDFs: stamps (cache fingerprints), …"""
