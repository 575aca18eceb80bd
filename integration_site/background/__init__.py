"""Long work outside the request: PDFs rendered ahead of time, mail to many, the worker.

Built on django-tasks (the backport of Django 6's `django.tasks`) with its database backend
(django-tasks-db): no extra service on SQLite, any number of `manage.py worker` processes on
PostgreSQL. `pdfs` keeps every PDF of the site stored and fresh, `worker` runs the queue and
tells /health/ that it lives. docs/architektur.md ("Hintergrundaufgaben") is the map.
"""
