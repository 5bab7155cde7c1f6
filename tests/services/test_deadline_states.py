"""Today's thresholds: the SQL the queues and the dashboard filter with and the state each row
shows are one rule, per policy version's warning window, on the working calendar."""
import dataclasses
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from petition_app.domain.cases import OPEN_STATUSES, CaseKind, CaseStatus, Channel
from petition_app.domain.deadlines import DEFAULT_POLICIES, DeadlineState
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case, SlaPolicy
from petition_app.services.deadline_states import thresholds

TODAY = date(2026, 11, 25)  # Wednesday; Tuesday 24/11 is a holiday


def policy(warning_days: int, version: int) -> SlaPolicy:
    row = SlaPolicy.from_policy(dataclasses.replace(DEFAULT_POLICIES[CaseKind.FEEDBACK], warning_days=warning_days),
                                version=version, note="thử nghiệm")
    db.session.add(row)
    db.session.commit()
    return row


def test_each_policy_version_has_its_own_window_in_sql_and_in_python(app):
    short, long = policy(3, 101), policy(10, 102)
    moment = datetime(2026, 11, 1, tzinfo=timezone.utc)
    cases = [Case(tracking_code=new_tracking_code(), kind=CaseKind.FEEDBACK, channel=Channel.ONLINE,
                  status=CaseStatus.IN_PROGRESS, subject="Đơn", content="x", received_at=moment,
                  triage_due=TODAY, next_due=TODAY + timedelta(days=offset), sla_policy_id=p)
             for offset in range(-3, 22) for p in (short.id, long.id, None)]
    db.session.add_all(cases)
    db.session.commit()
    now = thresholds(TODAY)
    assert now.soon(3) == date(2026, 11, 30) and now.soon(10) == date(2026, 12, 9)

    def selected(clause):
        return set(db.session.scalars(sa.select(Case.id).where(clause, Case.status.in_(OPEN_STATUSES))))

    overdue, soon, watched = selected(now.overdue), selected(now.due_soon), selected(now.watched)
    for case in cases:
        state = now.state_of(case)
        assert (case.id in overdue) == (state is DeadlineState.OVERDUE)
        assert (case.id in soon) == (state is DeadlineState.DUE_SOON), (case.next_due, case.sla_policy_id)
    assert overdue | soon <= watched
    assert all(now.state_of(c) is DeadlineState.ON_TRACK for c in cases if c.id in watched - overdue - soon)
    eighth_working_day = date(2026, 12, 7)
    by_policy = {c.sla_policy_id: now.state_of(c) for c in cases if c.next_due == eighth_working_day}
    assert by_policy == {short.id: DeadlineState.ON_TRACK, long.id: DeadlineState.DUE_SOON,
                         None: DeadlineState.ON_TRACK}  # a case not yet counted under a version: 3 days


def test_one_window_needs_no_policy_filter(app):
    policy(3, 101)
    now = thresholds(TODAY)
    assert list(now.windows) == [3]
    sql = str(now.due_soon.compile(compile_kwargs={"literal_binds": True}))
    assert "sla_policy_id" not in sql and "2026-11-30" in sql
