"""Routing rules: kept by admins, read at triage to suggest the unit in charge."""
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from ..clock import utcnow
from ..domain.cases import CaseKind
from ..domain.routing import Rule, split_keywords, suggest
from ..extensions import db
from ..models import Case, RoutingRule, Unit, User
from .audit import record_admin_event
from .refusals import Refused

__all__ = ["RoutingRule", "RuleInput", "RuleRefused", "active_rules", "deactivate_rule", "save_rule",
           "suggested_unit"]


class RuleRefused(Refused):
    """A routing rule that cannot be saved."""


@dataclass
class RuleInput:
    unit_id: int
    priority: int = 100
    kind: CaseKind | None = None
    category: str | None = None
    keywords: str | None = None


def active_rules() -> list[RoutingRule]:
    return list(db.session.scalars(
        sa.select(RoutingRule).where(RoutingRule.is_active).order_by(RoutingRule.priority, RoutingRule.id)))


def save_rule(data: RuleInput, rule_id: int | None = None, *, actor: User | None = None,
              now: datetime | None = None) -> RoutingRule:
    """Create or update a rule (audited); one that could match nothing is refused."""
    from flask_babel import gettext as _

    if not (data.kind or data.category or split_keywords(data.keywords)):
        raise RuleRefused("kind", _("Quy tắc cần ít nhất một điều kiện: loại đơn, lĩnh vực hoặc từ khóa."))
    if db.session.get(Unit, data.unit_id) is None:
        raise RuleRefused("unit_id", _("Không có đơn vị này."))
    rule = RoutingRule() if rule_id is None else db.session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound()
    rule.unit_id, rule.priority, rule.kind = data.unit_id, data.priority, data.kind
    rule.category = data.category or None
    rule.keywords = ", ".join(split_keywords(data.keywords)) or None
    rule.is_active = True
    db.session.add(rule)
    db.session.flush()
    record_admin_event("routing_rule.saved", actor=actor, now=now or utcnow(), data=_describe(rule))
    db.session.commit()
    return rule


def deactivate_rule(rule_id: int, *, actor: User | None = None, now: datetime | None = None) -> None:
    rule = db.session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound()
    rule.is_active = False
    record_admin_event("routing_rule.removed", actor=actor, now=now or utcnow(), data=_describe(rule))
    db.session.commit()


def _describe(rule: RoutingRule) -> dict:
    return {"rule": rule.id, "unit_id": rule.unit_id, "priority": rule.priority,
            "kind": rule.kind.value if rule.kind else None, "category": rule.category, "keywords": rule.keywords}


def suggested_unit(case: Case) -> tuple[Unit, RoutingRule] | None:
    """The unit the first matching active rule names for this case, with the rule."""
    rules = active_rules()
    chosen = suggest(
        [Rule(r.id, r.priority, r.unit_id, r.kind, r.category, split_keywords(r.keywords)) for r in rules],
        case.kind, case.category, f"{case.subject}\n{case.content}",
    )
    if chosen is None:
        return None
    rule = next(r for r in rules if r.id == chosen.id)
    return rule.unit, rule
