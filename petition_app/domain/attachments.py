"""Recognising an uploaded file by its content, never by its name."""
import io
import zipfile
from enum import Enum


class FileType(str, Enum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @property
    def extension(self) -> str:
        return {"PDF": ".pdf", "JPEG": ".jpg", "PNG": ".png", "DOCX": ".docx"}[self.name]


def sniff_file_type(head: bytes, stream=None) -> FileType | None:
    """The accepted type the bytes really are, or None.

    ``head`` is the start of the file; for a ZIP container ``stream`` (seekable,
    the whole file) is opened to check it is a Word document and not any archive.
    """
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"PK\x03\x04") and stream is not None:
        return FileType.DOCX if _is_docx(stream) else None
    return None


def _is_docx(stream) -> bool:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream if hasattr(stream, "seek") else io.BytesIO(stream)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def safe_display_name(filename: str, file_type: FileType) -> str:
    """A name fit to show staff and to offer on download: no paths, the real extension."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:120] or "tep-dinh-kem") + file_type.extension
