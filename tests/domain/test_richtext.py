"""Sanitising staff-written formatted text before it is published."""
import pytest

from petition_app.richtext import clean_html


@pytest.mark.parametrize("dirty", [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    '<style>body{display:none}</style>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg><script>alert(1)</script></svg>',
    '<!-- <script>alert(1)</script> -->',
])
def test_active_content_is_removed(dirty):
    cleaned = clean_html(dirty)
    for bad in ("<script", "onerror", "javascript:", "onclick", "<style", "<iframe", "<svg", "<!--"):
        assert bad not in cleaned.lower()


def test_allowed_formatting_is_kept():
    text = "<p>Kết quả: <strong>đúng</strong>, <em>một phần</em></p><ul><li>Điểm 1</li></ul>"
    assert clean_html(text) == text


def test_links_are_kept_and_marked_nofollow():
    cleaned = clean_html('<a href="https://skhcn.example.gov.vn/van-ban">Văn bản</a>')
    assert 'href="https://skhcn.example.gov.vn/van-ban"' in cleaned
    assert 'rel="nofollow noopener noreferrer"' in cleaned


def test_plain_text_is_escaped():
    assert clean_html("a < b & c") == "a &lt; b &amp; c"
