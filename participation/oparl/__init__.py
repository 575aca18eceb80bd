"""OParl 1.1: the council path as the German open standard reads it (read-only, public).

`serializers.py` maps our models to OParl objects, `views.py` serves them and their paginated
lists, `publication.py` decides what is public. See docs/oparl.md.
"""
