"""Recognising an uploaded file by its content, never by its name."""
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


# What a Word document (Office Open XML) holds: its content types at the root and parts in these
# folders (docMetadata/ carries Microsoft 365 sensitivity labels).
DOCX_ROOT_FILES = frozenset({"[Content_Types].xml"})
DOCX_FOLDERS = frozenset({"_rels", "docProps", "word", "customXml", "docMetadata"})
# Parts that run, or render as a page, when opened: never in a petition's Word document.
REFUSED_PART_SUFFIXES = (".htm", ".html", ".xhtml", ".mht", ".js", ".mjs", ".vbs", ".ps1", ".hta", ".exe",
                         ".dll", ".com", ".scr", ".bat", ".cmd", ".msi", ".jar", "vbaproject.bin")
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNPACKED = 50 * 1024 * 1024  # declared, all parts together
DOCX_MAX_RATIO = 100  # unpacked / packed, for a part over DOCX_RATIO_FLOOR
DOCX_RATIO_FLOOR = 1024 * 1024


def _is_docx(stream) -> bool:
    """A Word document, judged from the ZIP's directory alone: nothing is decompressed.

    A ZIP bomb (parts declaring hundreds of MB) and a ZIP that merely carries
    the two names of a Word document beside a web page or a program are refused.
    """
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        stream.seek(0)
    names = {entry.filename for entry in entries}
    return ("[Content_Types].xml" in names and "word/document.xml" in names
            and len(names) == len(entries) <= DOCX_MAX_ENTRIES
            and sum(entry.file_size for entry in entries) <= DOCX_MAX_UNPACKED
            and all(_is_word_part(entry) for entry in entries))


def _is_word_part(entry: zipfile.ZipInfo) -> bool:
    name = entry.filename
    if entry.flag_bits & 0x1 or name.startswith("/") or "\\" in name or ":" in name:
        return False  # encrypted, absolute or a Windows path
    parts = name.split("/")
    if ".." in parts or "" in parts[:-1] or name.lower().endswith(REFUSED_PART_SUFFIXES):
        return False
    if entry.file_size > DOCX_RATIO_FLOOR and entry.file_size > DOCX_MAX_RATIO * max(entry.compress_size, 1):
        return False
    return name in DOCX_ROOT_FILES if len(parts) == 1 else parts[0] in DOCX_FOLDERS


def safe_display_name(filename: str, file_type: FileType) -> str:
    """A name fit to show staff and to offer on download: no paths, the real extension."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:120] or "tep-dinh-kem") + file_type.extension
