"""Redaction of published summaries: what is personal is found and masked, what is not stays."""
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petition_app.domain.redaction import MASK, PersonalData, find_personal_data, fold, mask


@pytest.mark.parametrize("phone", [
    "0912 345 678", "0912.345.678", "0912-345-678", "0912345678", "+84 912 345 678", "+84912345678",
    "(0236) 3 822 123", "(0236) 3822123", "0236 3822 123", "024 3825 1234", "0386 123 456",
])
def test_vietnamese_phone_spellings_are_found(phone):
    text = f"Mọi thắc mắc xin liên hệ số {phone} trong giờ hành chính."
    assert mask(text) == f"Mọi thắc mắc xin liên hệ số {MASK} trong giờ hành chính."
    assert [f.kind for f in find_personal_data(text)] == [PersonalData.PHONE]


@pytest.mark.parametrize("text, kind", [
    ("Ông có CCCD số 046190012345 đã nộp đơn.", PersonalData.CITIZEN_ID),
    ("CMND 201234567 cấp năm 2005.", PersonalData.CITIZEN_ID),
    ("Gửi về an.nguyen@gmail.com để nhận kết quả.", PersonalData.EMAIL),
    ("Cơ sở kinh doanh tại số 12 đường Lê Lợi bị xử phạt.", PersonalData.ADDRESS),
    ("Hộ gia đình ở 12/3 Nguyễn Trãi đã được hướng dẫn.", PersonalData.ADDRESS),
    ("Cửa hàng ở kiệt 23 Lê Duẩn đã khắc phục.", PersonalData.ADDRESS),
    ("Nhà số 45B đường Trần Phú được kiểm tra.", PersonalData.ADDRESS),
])
def test_identifiers_and_addresses_are_found(text, kind):
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [kind]
    assert MASK in mask(text)


@pytest.mark.parametrize("text", [
    "Theo Quyết định số 123/QĐ-SKHCN ngày 12/03/2026 của Giám đốc Sở.",
    "Căn cứ khoản 2 Điều 9 Luật Khiếu nại 2011 và Nghị định 124/2020/NĐ-CP.",
    "Cơ sở bị phạt 1.500.000 đồng và phải nộp 150000000 đồng tiền khắc phục.",
    "Công văn số 456/SKHCN-TĐC ngày 01.02.2026 đã trả lời.",
    "Ngày 12/3 Sở đã kiểm tra 30 cân tại chợ; kết quả 25 cân đạt.",
    "Số 12 Luật Tiếp công dân năm 2013 quy định; Thông tư 05/2021/TT-TTCP.",
    "Kinh phí 2.345.678.900 đồng cho 12 đề tài năm 2025.",
])
def test_numbers_that_are_not_personal_are_kept(text):
    assert find_personal_data(text) == []
    assert mask(text) == text


def test_the_case_own_values_are_found_with_or_without_diacritics():
    known = ("Nguyễn Văn An", "12 Lê Lợi, phường Thuận Hóa", "an.nguyen@example.com")
    text = "Ông Nguyễn Văn An (nguyen van an) phản ánh; địa chỉ 12 Lê Lợi, phường Thuận Hóa."
    assert mask(text, known=known) == f"Ông {MASK} ({MASK}) phản ánh; địa chỉ {MASK}."


def test_a_known_phone_is_found_in_another_spelling():
    assert mask("Gọi 0905.123.456 nhé", known=("0905123456",)) == f"Gọi {MASK} nhé"


def test_fold_drops_diacritics_one_character_for_one():
    assert fold("Đà Nẵng, ĐƯỜNG Lê Lợi — Kiểm định") == "da nang, duong le loi — kiem dinh"
    assert len(fold("Tiếng Việt có dấu")) == len("Tiếng Việt có dấu")


def _fold_one_by_one(text: str) -> str:
    """fold's rule spelled out character by character (how it was computed before its table)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        base = unicodedata.normalize("NFD", char)[0]
        out.append("d" if char in "đĐ" else base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


@given(st.text())
def test_fold_by_table_is_the_rule_for_any_text(text):
    assert fold(text) == _fold_one_by_one(text)
    assert fold(text) == _fold_one_by_one(text)  # again, from the table it filled


mobile = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(["090", "091", "098", "086", "070", "083"]),
                   st.text("0123456789", min_size=7, max_size=7))
separator = st.sampled_from(["", " ", ".", "-"])


@given(mobile, separator, st.booleans())
def test_any_mobile_number_in_the_usual_spellings_is_masked(number, sep, international):
    spelled = f"{number[:4]}{sep}{number[4:7]}{sep}{number[7:]}"
    if international:
        spelled = f"+84 {number[1:4]}{sep}{number[4:7]}{sep}{number[7:]}"
    text = f"Liên hệ {spelled}."
    assert mask(text) == f"Liên hệ {MASK}."


@given(st.integers(1, 9999), st.sampled_from(["QĐ-SKHCN", "SKHCN-TĐC", "KL-SKHCN", "TB-SKHCN"]),
       st.dates(), st.integers(1, 999_999_999))
def test_decisions_dates_and_amounts_are_never_masked(number, suffix, day, amount):
    text = (f"Quyết định số {number}/{suffix} ngày {day.strftime('%d/%m/%Y')}, "
            f"số tiền {amount:,} đồng.".replace(",", "."))
    assert mask(text) == text


@given(st.text(alphabet="abcđêôơư ĐÂ0123456789./-()+@", max_size=60))
def test_masking_is_complete(text):
    """Whatever was found is gone: a masked text has nothing left to find."""
    assert find_personal_data(mask(text)) == []
