"""Duplicate scoring."""
import pytest

from petition_app.domain.duplicates import SIMILAR_ENOUGH, Candidate, score, text_similarity

FIRST = "Cân điện tử tại quầy số 5 chợ Đông Ba cân thiếu khoảng 100 gam mỗi kilôgam"
REPEAT = "Kính gửi Sở: tôi đề nghị kiểm tra cân điện tử tại quầy số 5 chợ Đông Ba cân thiếu 100 gam"
OTHER = "Đề nghị hướng dẫn thủ tục đăng ký nhãn hiệu tập thể cho hợp tác xã"


def test_the_same_matter_in_other_words_is_similar():
    assert text_similarity(FIRST, REPEAT) >= SIMILAR_ENOUGH
    assert text_similarity(FIRST, OTHER) < 0.1


def test_similarity_ignores_case_and_courtesy_words():
    assert text_similarity("KÍNH GỬI SỞ: CÂN SAI", "cân sai") == 1.0


@pytest.mark.parametrize("a,b", [("", FIRST), (FIRST, ""), ("và của các", "là có cho")])
def test_empty_or_contentless_text_is_never_similar(a, b):
    assert text_similarity(a, b) == 0.0


def test_the_same_petitioner_with_the_same_wording_ranks_first():
    both = score(FIRST, REPEAT, same_petitioner=True)
    assert both > score(FIRST, REPEAT, same_petitioner=False)
    assert both > score(FIRST, OTHER, same_petitioner=True)
    assert Candidate(1, 0.5, True, False).is_likely_duplicate
    assert not Candidate(1, 0.1, False, False).is_likely_duplicate
