"""Recognising uploads by content."""
import io
import warnings
import zipfile

import pytest

from petition_app.domain.attachments import FileType, safe_display_name, sniff_file_type
from tests import files


@pytest.mark.parametrize("content,expected", [
    (files.PDF, FileType.PDF), (files.PNG, FileType.PNG), (files.JPEG, FileType.JPEG),
    (files.docx(), FileType.DOCX), (files.EXE, None), (files.HTML, None), (files.plain_zip(), None),
    (b"PK\x03\x04broken", None), (b"", None),
])
def test_type_comes_from_the_content(content, expected):
    assert sniff_file_type(content[:16], io.BytesIO(content)) is expected


def test_display_name_has_no_path_and_the_real_extension():
    assert safe_display_name("../../etc/passwd.pdf", FileType.PNG) == "passwd.png"
    assert safe_display_name('C:\\Users\\a\\"đơn".docx', FileType.DOCX) == "đơn.docx"
    assert safe_display_name("", FileType.PDF) == "tep-dinh-kem.pdf"


def _sniff(content: bytes):
    return sniff_file_type(content[:16], io.BytesIO(content))


def test_a_word_document_with_the_usual_parts_is_accepted():
    parts = ("_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/_rels/document.xml.rels",
             "word/styles.xml", "word/media/image1.png", "word/embeddings/bang-tinh.xlsx", "customXml/item1.xml",
             "docMetadata/LabelInfo.xml", "word/")
    assert _sniff(files.docx(*parts)) is FileType.DOCX


def test_a_zip_bomb_is_refused_without_being_inflated(monkeypatch):
    bomb, document = files.zip_bomb(300), files.docx()

    def inflate(*args, **kwargs):
        raise AssertionError("a part was opened: only the ZIP's directory may be read")

    monkeypatch.setattr(zipfile.ZipFile, "open", inflate)
    assert _sniff(bomb) is None
    assert _sniff(document) is FileType.DOCX


def test_a_part_packed_far_tighter_than_any_document_is_refused():
    assert _sniff(files.zip_bomb(2)) is None  # 2 MB in 2 KB: within the total, not a document's ratio


@pytest.mark.parametrize("part", [
    "index.html", "word/index.html", "word/afchunk.HTM", "word/app.js", "word/setup.exe", "word/vbaProject.bin",
    "../evil.xml", "word/../../evil.xml", "/etc/cron.d/evil", "word\\..\\evil.xml", "C:/evil.xml",
    "word//document2.xml", "mimetype", "META-INF/manifest.xml",
])
def test_a_zip_carrying_anything_but_word_parts_is_refused(part):
    assert _sniff(files.docx(part)) is None


def test_a_zip_with_too_many_parts_is_refused():
    assert _sniff(files.docx(*(f"word/media/image{i}.png" for i in range(1000)))) is None


def test_a_zip_naming_a_part_twice_is_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        assert _sniff(files.docx("word/document.xml")) is None
