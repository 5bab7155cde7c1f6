"""Recognising uploads by content."""
import io

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
