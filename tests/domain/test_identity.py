"""Vietnamese identity data: CCCD, phone numbers, tax codes, text hygiene."""
import pytest

from petition_app.domain.identity import (
    InvalidValue,
    clean_text,
    format_phone,
    normalize_citizen_id,
    normalize_phone,
    normalize_tax_code,
    split_names,
)


@pytest.mark.parametrize("raw", ["046190012345", " 001 090 012 345 ", "096300000001"])
def test_valid_citizen_ids(raw):
    assert normalize_citizen_id(raw) == raw.replace(" ", "")


@pytest.mark.parametrize("raw,code", [
    ("04619001234", "citizen_id_format"), ("0461900123456", "citizen_id_format"),
    ("04619001234a", "citizen_id_format"), ("003190012345", "citizen_id_province"),
    ("099190012345", "citizen_id_province"), ("", "citizen_id_format"),
])
def test_invalid_citizen_ids(raw, code):
    with pytest.raises(InvalidValue) as error:
        normalize_citizen_id(raw)
    assert error.value.code == code


@pytest.mark.parametrize("raw,e164", [
    ("0912345678", "+84912345678"), ("0912 345 678", "+84912345678"), ("0912.345.678", "+84912345678"),
    ("+84 912 345 678", "+84912345678"), ("84912345678", "+84912345678"), ("0084912345678", "+84912345678"),
    ("0337 123 456", "+84337123456"), ("(024) 3825 1234", "+842438251234"), ("0234 3822 123", "+84234382212" "3"),
])
def test_phone_numbers_are_normalised_to_e164(raw, e164):
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "0112345678", "091234567", "09123456789", "+12025550100", "abc"])
def test_invalid_phone_numbers(raw):
    with pytest.raises(InvalidValue):
        normalize_phone(raw)


def test_phone_is_shown_in_national_format():
    assert format_phone("+84912345678") == "0912 345 678"
    assert format_phone("+842438251234") == "024 3825 1234"


@pytest.mark.parametrize("raw,normal", [("0101234567", "0101234567"), ("0101234567-001", "0101234567-001"),
                                        ("0101234567001", "0101234567-001")])
def test_tax_codes(raw, normal):
    assert normalize_tax_code(raw) == normal


@pytest.mark.parametrize("raw", ["123", "01012345678", "010123456a", "0101234567-01"])
def test_invalid_tax_codes(raw):
    with pytest.raises(InvalidValue):
        normalize_tax_code(raw)


def test_text_is_trimmed_and_composed():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    assert clean_text(f"  {decomposed}  ") == "Nguyễn"


@pytest.mark.parametrize("bad", ["a\x00b", "a\x1bb", "caf\ufffd", "a\x7fb"])
def test_control_characters_and_undecodable_bytes_are_refused(bad):
    with pytest.raises(InvalidValue):
        clean_text(bad, multiline=True)


def test_newlines_allowed_only_in_multiline_text():
    assert clean_text("dòng 1\r\ndòng 2", multiline=True) == "dòng 1\ndòng 2"
    with pytest.raises(InvalidValue):
        clean_text("dòng 1\ndòng 2")


def test_names_one_per_line():
    assert split_names(" A \n\n B\r\nC ") == ["A", "B", "C"]
