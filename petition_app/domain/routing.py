"""Routing rules (quy tắc chuyển xử lý): which unit a new case most likely belongs to."""
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .cases import CaseKind


@dataclass(frozen=True)
class Rule:
    id: int
    priority: int  # lower first
    unit_id: int
    kind: CaseKind | None = None
    category: str | None = None
    keywords: tuple[str, ...] = ()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").casefold()


def split_keywords(text: str | None) -> tuple[str, ...]:
    """"cân, đo lường;xăng dầu" → ("cân", "đo lường", "xăng dầu")."""
    parts = (p.strip() for p in (text or "").replace(";", ",").replace("\n", ",").split(","))
    return tuple(_fold(p) for p in parts if p)


def matches(rule: Rule, kind: CaseKind, category: str | None, text: str) -> bool:
    """Every condition the rule sets must hold; keywords match if any one appears in the text."""
    if rule.kind is not None and rule.kind is not kind:
        return False
    if rule.category is not None and rule.category != category:
        return False
    if rule.keywords:
        folded = _fold(text)
        return any(keyword in folded for keyword in rule.keywords)
    return rule.kind is not None or rule.category is not None


def suggest(rules: Iterable[Rule], kind: CaseKind, category: str | None, text: str) -> Rule | None:
    """The first matching rule by priority (then by id), or None."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.id)):
        if matches(rule, kind, category, text):
            return rule
    return None
