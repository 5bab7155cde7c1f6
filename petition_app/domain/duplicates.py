"""Scoring how likely two petitions are the same matter (đơn trùng, đơn nhiều lần).

Text similarity is the Jaccard index of word bigrams and single words after
case folding; it is cheap, needs no model, and a repeat petition usually
reuses the first one's wording.
"""
import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
# Words that say nothing about the matter (Vietnamese petitions open and close with them).
STOPWORDS = frozenset(str.split(
    "và của các là có cho với được tôi chúng đề nghị kính gửi về việc này đã không trong những một theo "
    "tại đến từ như ông bà sở anh chị em xin trân trọng cảm ơn"
))
SIMILAR_ENOUGH = 0.35


def _features(text: str) -> frozenset[str]:
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text or "").casefold()) if w not in STOPWORDS]
    return frozenset(words) | frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))


def text_similarity(a: str, b: str) -> float:
    """0.0 (nothing shared) to 1.0 (the same words in the same pairs)."""
    fa, fb = _features(a), _features(b)
    if not fa or not fb:
        return 0.0
    return len(fa & fb) / len(fa | fb)


@dataclass(frozen=True)
class Candidate:
    case_id: int
    score: float
    same_petitioner: bool
    resolved: bool  # the earlier case was already resolved: this one is a repeat petition

    @property
    def is_likely_duplicate(self) -> bool:
        return self.same_petitioner or self.score >= SIMILAR_ENOUGH


def score(text: str, other_text: str, *, same_petitioner: bool) -> float:
    """One number to sort by: the same petitioner counts for half, the wording for the rest."""
    similarity = text_similarity(text, other_text)
    return round(0.5 + similarity / 2, 3) if same_petitioner else round(similarity, 3)
