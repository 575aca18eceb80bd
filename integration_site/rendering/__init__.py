"""Rendering shared by all apps: PDF, Markdown, HTML fragments."""
