"""What a typed search becomes, and the folded text cases and petitioners are found by."""
import pytest

from petition_app.domain.search import MAX_WORDS, case_search_text, parse_query, person_search_text
from petition_app.domain.tracking import new_tracking_code

CODE = new_tracking_code()


@pytest.mark.parametrize("typed", [CODE, CODE.lower(), CODE.replace("-", ""), CODE.replace("-", " ").lower(),
                                   f"  {CODE.replace('-', '').lower()} "])
def test_a_whole_code_typed_any_way_is_recognised(typed):
    assert parse_query(typed).tracking_code == CODE


@pytest.mark.parametrize(("typed", "words"), [
    ("bức xạ", ("buc", "xa")), ("BỨC XẠ", ("buc", "xa")), ("buc xa", ("buc", "xa")),
    ("Đo lường  ĐIỆN", ("do", "luong", "dien")),  # đ folds to d
    ("Nguyễn Văn Đức", ("nguyen", "van", "duc")),
    ("Duc.Nguyen@Example.VN", ("duc.nguyen@example.vn",)),
])
def test_words_are_folded_without_diacritics_or_case(typed, words):
    query = parse_query(typed)
    assert query.words == words and query.phrase == " ".join(words)


@pytest.mark.parametrize(("typed", "phone"), [
    ("0912 345 678", "+84912345678"), ("0912.345.678", "+84912345678"), ("+84912345678", "+84912345678"),
    ("001090012345", None), ("bức xạ", None), ("", None),
])
def test_a_phone_number_is_recognised_as_written(typed, phone):
    assert parse_query(typed).phone == phone


def test_nothing_typed_is_no_search_and_long_queries_are_cut():
    assert parse_query("   ").is_empty and parse_query(None).is_empty
    assert len(parse_query(" ".join(f"w{i}" for i in range(20))).words) == MAX_WORDS


def test_a_case_is_found_by_its_code_with_and_without_dashes_and_its_folded_text():
    text = case_search_text("7KQM-4XHT-9WPR-C3NE", "Rò rỉ BỨC XẠ", "Đo liều")
    assert text == "7kqm-4xht-9wpr-c3ne 7kqm4xht9wprc3ne ro ri buc xa do lieu"


def test_a_person_is_found_by_name_ids_phone_both_ways_and_email():
    text = person_search_text(full_name="Nguyễn Văn Đức", citizen_id="001090012345", phone="+84912345678",
                              email="Duc@Example.vn")
    for part in ("nguyen van duc", "001090012345", "+84912345678", "0912345678", "duc@example.vn"):
        assert part in text
    assert person_search_text() == ""
