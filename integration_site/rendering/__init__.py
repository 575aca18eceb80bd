"""Turning content into pages and PDFs: PDF, Markdown, HTML fragments and their stamps."""
