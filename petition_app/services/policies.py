"""The SLA policy of each kind, kept in the database as numbered versions.

A case is counted under the version that was current when it was filed (or
reclassified into its kind); an admin's change makes a new version, so it
applies to new cases only, and the old versions stay as the change history.
"""
from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..domain.cases import CaseKind
from ..domain.deadlines import DEFAULT_POLICIES, DEFAULT_WARNING_DAYS, DayUnit, Policy
from ..extensions import db, savepoint
from ..models import Case, SlaPolicy, User
from .audit import record_admin_event
from .refusals import Refused

DEFAULT_NOTE = "Mặc định theo quy định của pháp luật"


class PolicyRefused(Refused):
    """A policy change that does not hang together."""


@dataclass
class PolicyInput:
    triage_days: int | None
    triage_unit: DayUnit | None
    triage_citation: str | None
    resolution_days: int
    resolution_unit: DayUnit
    resolution_citation: str
    acceptance_days: int | None = None
    acceptance_unit: DayUnit | None = None
    acceptance_citation: str | None = None
    complex_days: int | None = None
    remote_days: int | None = None
    remote_complex_days: int | None = None
    max_extensions: int = 0
    extension_days: int = 0
    warning_days: int = DEFAULT_WARNING_DAYS
    second_days: int | None = None
    second_unit: DayUnit | None = None
    second_citation: str | None = None
    second_complex_days: int | None = None
    second_remote_days: int | None = None
    second_remote_complex_days: int | None = None
    triage_written_citation: str | None = None
    acceptance_several_places_days: int | None = None
    forwarding_days: int | None = None
    forwarding_unit: DayUnit | None = None
    forwarding_citation: str | None = None
    simple_days: int | None = None
    simple_citation: str | None = None
    resolution_from_receipt: bool = False
    extensions_by_complexity: bool = False

    @classmethod
    def of(cls, row: SlaPolicy) -> "PolicyInput":
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    def check(self) -> None:
        """Refuse a policy that does not hang together (the form checks each field's range)."""
        triage = (self.triage_days, self.triage_unit, self.triage_citation)
        if any(v is not None for v in triage) and not all(v is not None for v in triage):
            raise PolicyRefused("triage_days", _("Thời hạn xử lý đơn cần đủ số ngày, cách tính và căn cứ "
                                                 "(hoặc để trống cả ba)."))
        forwarding = (self.forwarding_days, self.forwarding_unit, self.forwarding_citation)
        if any(v is not None for v in forwarding) and not all(v is not None for v in forwarding):
            raise PolicyRefused("forwarding_days", _("Thời hạn chuyển đơn cần đủ số ngày, cách tính và căn cứ "
                                                     "(hoặc để trống cả ba)."))
        if (self.simple_days is None) != (self.simple_citation is None):
            raise PolicyRefused("simple_days", _("Thời hạn yêu cầu đơn giản cần đủ số ngày và căn cứ "
                                                 "(hoặc để trống cả hai)."))
        acceptance = (self.acceptance_days, self.acceptance_unit, self.acceptance_citation)
        if any(v is not None for v in acceptance) and not all(v is not None for v in acceptance):
            raise PolicyRefused("acceptance_days", _("Thời hạn thụ lý cần đủ số ngày, cách tính và căn cứ "
                                                     "(hoặc để trống cả ba)."))
        second = (self.second_days, self.second_unit, self.second_citation)
        if any(v is not None for v in second) and not all(v is not None for v in second):
            raise PolicyRefused("second_days", _("Thời hạn giải quyết khiếu nại lần hai cần đủ số ngày, cách tính "
                                                 "và căn cứ (hoặc để trống cả ba)."))
        if self.max_extensions and not self.extension_days:
            raise PolicyRefused("extension_days", _("Cho phép gia hạn thì phải ghi số ngày mỗi lần gia hạn."))
        if not self.max_extensions and self.extension_days:
            raise PolicyRefused("max_extensions", _("Số ngày gia hạn chỉ có nghĩa khi cho phép gia hạn ít nhất "
                                                    "một lần."))


def current_policy(kind: CaseKind) -> SlaPolicy:
    """The newest version for ``kind``; version 1 from the statutory defaults if there is none."""
    row = _newest(kind)
    if row is not None:
        return row
    try:
        with savepoint():
            row = SlaPolicy.from_policy(DEFAULT_POLICIES[kind], version=1, note=DEFAULT_NOTE)
            db.session.add(row)
    except IntegrityError:  # another process seeded it first
        row = _newest(kind)
    return row


def current_policies() -> list[SlaPolicy]:
    return [current_policy(kind) for kind in CaseKind]


def history(kind: CaseKind) -> list[SlaPolicy]:
    return list(db.session.scalars(
        sa.select(SlaPolicy).where(SlaPolicy.kind == kind).order_by(SlaPolicy.version.desc())))


def _newest(kind: CaseKind) -> SlaPolicy | None:
    return db.session.scalar(
        sa.select(SlaPolicy).where(SlaPolicy.kind == kind).order_by(SlaPolicy.version.desc()).limit(1))


def assign_policy(case: Case) -> None:
    """Count the case under its kind's current version, unless it already is under its kind's."""
    if case.sla_policy is None or case.sla_policy.kind is not case.kind:
        case.sla_policy = current_policy(case.kind)


@dataclass(frozen=True)
class KnownVersion:
    """A kind's current version as this process last read it: versions never change, only new ones come."""

    id: int
    version: int
    policy: Policy


def known_current(kind: CaseKind) -> KnownVersion:
    """The kind's current version without a query once this process has read it. It may be stale (an
    admin changed the policy in another process): a caller that files under it writes ``current_id`` in
    the same statement, compares, and on a difference calls ``forget_current`` and counts again."""
    cache = current_app.extensions.setdefault("sla_current", {})
    known = cache.get(kind)
    if known is None:
        row = current_policy(kind)
        policy = _domain(row)  # first: it flushes a version not yet written, which gives it its id
        known = cache[kind] = KnownVersion(row.id, row.version, policy)
    return known


def forget_current(kind: CaseKind) -> None:
    current_app.extensions.setdefault("sla_current", {}).pop(kind, None)


def current_id(kind: CaseKind) -> sa.ScalarSelect:
    """The kind's current version's id, as a subquery for the INSERT that files a case under it."""
    table = SlaPolicy.__table__
    return (sa.select(table.c.id).where(table.c.kind == kind).order_by(table.c.version.desc()).limit(1)
            .scalar_subquery())


def policy_of(case: Case) -> Policy:
    """The case's policy as the pure domain object."""
    assign_policy(case)
    return _domain(case.sla_policy)


def _domain(row: SlaPolicy) -> Policy:
    """A version as the pure domain object (versions never change, so cached by id)."""
    if row.id is None:
        db.session.flush()
    cache = current_app.extensions.setdefault("sla_policies", {})
    policy = cache.get(row.id)
    if policy is None or policy.kind is not row.kind:
        policy = cache[row.id] = row.to_policy()
    return policy


def change_policy(kind: CaseKind, data: PolicyInput, *, based_on: int, actor: User, now: datetime,
                  note: str) -> SlaPolicy | None:
    """Make a new version from ``data``; None if nothing changed. ``based_on`` is the version the
    admin's form showed: if someone changed the policy meanwhile, refuse rather than overwrite."""
    data.check()
    current = current_policy(kind)
    if current.version != based_on:
        raise PolicyRefused(None, _("Một người khác vừa thay đổi chính sách này. Hãy xem lại phiên bản mới "
                                    "rồi sửa lại."))
    before = PolicyInput.of(current)
    if before == data:
        return None
    row = SlaPolicy(kind=kind, version=current.version + 1, note=note, created_at=now, created_by_id=actor.id,
                    **{f.name: getattr(data, f.name) for f in fields(PolicyInput)})
    db.session.add(row)
    changed = {f.name: [_json(getattr(before, f.name)), _json(getattr(data, f.name))]
               for f in fields(PolicyInput) if getattr(before, f.name) != getattr(data, f.name)}
    record_admin_event("sla_policy.changed", actor=actor, now=now, note=note,
                       data={"kind": kind.value, "version": row.version, "changed": changed})
    try:
        db.session.commit()
    except IntegrityError:  # two admins saved at once: the other one won
        db.session.rollback()
        raise PolicyRefused(None, _("Một người khác vừa thay đổi chính sách này. Hãy xem lại phiên bản mới "
                                    "rồi sửa lại.")) from None
    forget_current(kind)  # this process files under it at once; the others find out when they file
    return row


def _json(value):
    return value.value if isinstance(value, DayUnit) else value
