"""Checks for meeting attachments: only PDF, DOCX and images, by extension AND content.

A file passes when its extension is allowed, its first bytes are those of that type (a renamed
.exe or an HTML page fails), and it is within `ATTACHMENT_MAX_BYTES`. SVG is not an image here:
it can carry scripts.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    magic: tuple[bytes, ...]


KINDS = {
    "pdf": FileKind("pdf", "application/pdf", (b"%PDF-",)),
    "docx": FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "png": FileKind("png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileKind("jpg", "image/jpeg", (b"\xff\xd8\xff",)),
    "gif": FileKind("gif", "image/gif", (b"GIF87a", b"GIF89a")),
}
ALIASES = {"jpeg": "jpg"}
ALLOWED_LABEL = gettext_lazy("PDF, DOCX, PNG, JPG oder GIF")


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_upload(uploaded_file: UploadedFile) -> FileKind:
    """The kind of the upload, or a ValidationError in German that says what to do."""
    name = PurePath(uploaded_file.name or "").name
    suffix = PurePath(name).suffix.lower().lstrip(".")
    suffix = ALIASES.get(suffix, suffix)
    kind = KINDS.get(suffix)
    if kind is None:
        raise ValidationError(
            _(
                "Dateien vom Typ „.%(suffix)s“ sind nicht erlaubt. "
                "Bitte eine Datei im Format %(formats)s hochladen."
            )
            % {"suffix": suffix or "?", "formats": ALLOWED_LABEL}
        )
    limit = max_bytes()
    if uploaded_file.size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s). Bitte höchstens %(max)s hochladen.")
            % {"size": filesizeformat(uploaded_file.size), "max": filesizeformat(limit)}
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("Die Datei ist leer. Bitte eine andere Datei wählen."))
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if not any(head.startswith(magic) for magic in kind.magic) or (
        kind.extension == "docx" and not _is_word_document(uploaded_file)
    ):
        raise ValidationError(
            _(
                "Der Inhalt der Datei passt nicht zur Endung „.%(suffix)s“. "
                "Bitte eine echte Datei im Format %(formats)s hochladen."
            )
            % {"suffix": suffix, "formats": ALLOWED_LABEL}
        )
    return kind


def _is_word_document(uploaded_file):
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded_file.seek(0)
