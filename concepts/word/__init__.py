"""A concept from Word: read a .docx into lines, propose a role for each, build an exchange file.

The pipeline (docs/word-import.md):

- `reader.read_docx(raw)` checks the file (not a .docx, .doc, macros, encrypted, zip bomb, too
  long → `WordProblem` with a German message) and reads it with python-docx into `Line`s: each
  heading, paragraph, list item and table row with its style, outline level, number (typed or
  Word's automatic numbering) and its text as Markdown.
- `roles.propose(lines, rules)` gives every line a role (Handlungsfeld, Leitziel, Maßnahme, …)
  from level, style, number pattern, keywords and table headers; `rules` are the corrections
  made in the preview (or a rules file), by line, by style or by number pattern.
- `document.exchange_document(lines, roles, …)` turns the lines with their roles into an
  exchange-format document, which `concepts.exchange.load.edition_import` loads like any other
  exchange file: one code path, one validation, all or nothing.
- `export.concept_docx(edition)` writes an edition as .docx (the way back).
"""

from __future__ import annotations


class WordProblem(Exception):
    """The file cannot be read as a concept document; the message is German and says why."""
