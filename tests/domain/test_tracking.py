"""Tracking codes: unguessable, readable aloud, typo-resistant."""
import math
import random

from petition_app.domain.tracking import ALPHABET, RANDOM_LENGTH, new_tracking_code, normalize_tracking_code


def test_code_has_at_least_sixty_bits_of_randomness():
    assert RANDOM_LENGTH * math.log2(len(ALPHABET)) >= 60


def test_code_avoids_look_alike_symbols():
    for ch in "0O1IL":
        assert ch not in ALPHABET
    for _ in range(200):
        code = new_tracking_code()
        assert not set(code.replace("-", "")) & set("0O1IL")


def test_code_reads_as_four_groups_of_four():
    code = new_tracking_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]


def test_codes_do_not_repeat():
    assert len({new_tracking_code() for _ in range(20000)}) == 20000


def test_typed_code_is_normalised():
    code = new_tracking_code()
    assert normalize_tracking_code(code.lower()) == code
    assert normalize_tracking_code(" " + code.replace("-", " ") + " ") == code
    assert normalize_tracking_code(code.replace("-", "")) == code


def test_every_single_substitution_is_caught():
    code = new_tracking_code()
    raw = code.replace("-", "")
    for position in range(len(raw)):
        for symbol in ALPHABET:
            if symbol != raw[position]:
                assert normalize_tracking_code(raw[:position] + symbol + raw[position + 1:]) is None


def test_adjacent_swaps_are_caught():
    rng = random.Random(7)
    for _ in range(300):
        raw = new_tracking_code(rng.randrange).replace("-", "")
        for i in range(len(raw) - 1):
            if raw[i] != raw[i + 1]:
                assert normalize_tracking_code(raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]) is None


def test_garbage_is_not_a_code():
    for text in ("", "abc", "0000-0000-0000-0000", "<script>", "2" * 40, None):
        assert normalize_tracking_code(text) is None
