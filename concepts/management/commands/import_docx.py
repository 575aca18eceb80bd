from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from concepts.exchange import ImportProblems
from concepts.exchange.export import dumps
from concepts.models import Municipality
from concepts.word import WordProblem
from concepts.word.document import exchange_document, import_word, outline
from concepts.word.reader import read_docx
from concepts.word.roles import Rules, apply_edits, propose


class Command(BaseCommand):
    help = (
        "Liest ein Konzept aus einer Word-Datei (.docx), zeigt den vorgeschlagenen Baum und legt "
        "daraus mit --yes einen neuen Entwurf in der Kommune an (docs/word-import.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("town", help="Kurzname der Kommune, z. B. rheine")
        parser.add_argument("file", help="Word-Datei (.docx)")
        parser.add_argument("--rules", help="Regeldatei mit Korrekturen aus der Vorschau (JSON)")
        parser.add_argument(
            "--json", action="store_true", help="den Baum im Austauschformat ausgeben"
        )
        parser.add_argument("--yes", action="store_true", help="wirklich importieren")
        parser.add_argument("--user", help="Benutzername, der im Verlauf erscheint")
        parser.add_argument("--concept-title", default="", help="Titel des Konzepts")
        parser.add_argument("--edition-title", default="", help="Titel der Fassung")
        parser.add_argument("--year", type=int, help="Jahr der Fassung")

    def handle(self, *args, town, file, **options):
        municipality = Municipality.objects.filter(slug=town).first()
        if municipality is None:
            raise CommandError(f"Die Kommune „{town}“ gibt es nicht.")
        person = None
        if options["user"]:
            person = get_user_model().objects.filter(username=options["user"]).first()
            if person is None:
                raise CommandError(f"Den Benutzer „{options['user']}“ gibt es nicht.")
        try:
            raw = Path(file).read_bytes()
            rules = Rules.loads(Path(options["rules"]).read_bytes()) if options["rules"] else None
        except OSError as error:
            raise CommandError(f"Die Datei lässt sich nicht lesen: {error}") from None
        except WordProblem as error:
            raise CommandError(str(error)) from None
        try:
            document = read_docx(raw)
        except WordProblem as error:
            raise CommandError(str(error)) from None
        lines = apply_edits(document.lines, rules) if rules else document.lines
        roles = propose(lines, rules)
        titles = {
            "concept_title": options["concept_title"],
            "edition_title": options["edition_title"],
            "year": options["year"],
            "doc_title": document.title,
        }
        built = exchange_document(lines, roles, **titles)
        if options["json"]:
            self.stdout.write(dumps(built.data), ending="")
        else:
            self.stdout.write(f"Konzept: {built.data['concept']['title']}")
            for depth, kind, title in outline(built.data):
                self.stdout.write(f"{'  ' * depth}{kind}: {title}")
            for note in document.notes:
                self.stdout.write(f"Hinweis: {note}")
        for where, message in built.problems:
            self.stderr.write(f"{where}: {message}")
        if not options["yes"]:
            if not options["json"]:
                self.stdout.write("Nichts importiert (zum Importieren --yes angeben).")
            return
        try:
            edition = import_word(
                municipality=municipality, lines=lines, roles=roles, user=person, **titles
            )
        except ImportProblems as error:
            for where, message in error.problems:
                self.stderr.write(f"{where}: {message}")
            raise CommandError(
                f"Nichts importiert: {len(error.problems)} Problem(e) im Dokument."
            ) from None
        self.stdout.write(
            f"Importiert als Entwurf: {edition.title} ({edition.year}), id {edition.pk}"
        )
