"""Retention of personal data (Nghị định 13/2023/NĐ-CP): cases closed longer ago than their kind's
period lose their personal data; every statistic, the dashboard and the audit chains stay the same."""
import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, CaseStatus
from petition_app.domain.report_periods import custom_period
from petition_app.domain.reports import Form, layout_in_force
from petition_app.domain.retention import ANONYMISED_TEXT, closed_before
from petition_app.domain.search import case_search_text
from petition_app.domain.workflow import Outcome
from petition_app.extensions import db
from petition_app.models import AdminEvent, Attachment, Case, CaseEvent, OutboxMessage, Petitioner
from petition_app.services import dashboard, public_statistics
from petition_app.services.attachments import Upload
from petition_app.services.audit import record_event, verify_chains
from petition_app.services.deadline_states import thresholds
from petition_app.services.intake import file_case
from petition_app.services.reports import compute_report
from petition_app.services.retention import (
    RetentionRefused,
    apply_retention,
    change_rule,
    current_rules,
    due_cases,
)
from tests import files
from tests.services.test_intake_service import request

NOW = datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc)


def at(y, m, d):
    return datetime(y, m, d, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def cases(app, clock, make_unit):
    """Filed in 2015 with files; closed at various times; one still open."""
    make_unit("VP", "Văn phòng Sở")

    def make(kind, final, closed_on, files_=1):
        clock.set(at(2015, 3, 2))
        uploads = [Upload("don.pdf", io.BytesIO(files.PDF + kind.value.encode()))] * files_
        case = file_case(request(subject=f"Đơn của ông Nguyễn Văn An về {kind.value}"), uploads,
                         now=clock.now).case
        case.kind = kind
        if final is not None:
            if final is CaseStatus.CLOSED:
                case.resolved_at, case.outcome = closed_on - timedelta(days=3), Outcome.PARTLY_UPHELD
                case.decision_number, case.answer_source = "12/QĐ-SKHCN", "Trả lời ông Nguyễn Văn An: …"
            record_event(case, "close", now=closed_on, from_status=case.status, to_status=final)
            case.status = final
        db.session.commit()
        return case

    return {
        "feedback_old": make(CaseKind.FEEDBACK, CaseStatus.CLOSED, at(2016, 5, 10)),  # 5 years: past
        "complaint_old": make(CaseKind.COMPLAINT, CaseStatus.CLOSED, at(2016, 5, 10)),  # 15 years: not yet
        "petition_withdrawn": make(CaseKind.PETITION, CaseStatus.WITHDRAWN, at(2015, 6, 1), 2),  # 10: past
        "feedback_recent": make(CaseKind.FEEDBACK, CaseStatus.ARCHIVED, at(2024, 1, 5)),  # not yet
        "feedback_open": make(CaseKind.FEEDBACK, None, None),  # open: never
    }


def figures():
    today = date(2026, 11, 25)
    return {
        "stats": [public_statistics.compute(public_statistics.Period(year), today) for year in (2015, 2016, 2024)],
        "months": public_statistics.compute(public_statistics.Period(2016, 5), today),
        "states": dashboard.state_counts(thresholds(today)),
        "ageing": dashboard.ageing(today),
        "on_time": dashboard.on_time_by_unit(date(2015, 1, 1), date(2026, 12, 31)),
        # the periodic reports: every form, every cell, for the years the cases span and for the year closed
        "reports": [[(row.label, row.values) for row in (*report.rows, report.total)]
                    for period in (custom_period(date(2015, 1, 1), date(2026, 12, 31)),
                                   custom_period(date(2016, 1, 1), date(2016, 12, 31)))
                    for report in (compute_report(layout_in_force(form, period.start), period) for form in Form)],
        "rows": db.session.execute(sa.select(Case.id, Case.tracking_code, Case.kind, Case.status, Case.unit_id,
                                             Case.received_at, Case.resolved_at, Case.outcome, Case.decision_number,
                                             Case.resolution_due, Case.next_due).order_by(Case.id)).all(),
    }


def test_personal_data_past_its_period_goes_and_every_figure_stays(app, cases):
    before = figures()
    stored = {name: [a.storage_name for a in case.attachments] for name, case in cases.items()}
    folder = Path(app.config["UPLOAD_FOLDER"])

    report = apply_retention(NOW)

    assert dict(report.cases) == {"feedback": 1, "petition": 1} and report.attachments == 3
    db.session.expire_all()
    assert figures() == before
    assert verify_chains() == {}
    for name in ("feedback_old", "petition_withdrawn"):
        case = db.session.get(Case, cases[name].id)
        person = db.session.get(Petitioner, case.petitioner_id)
        assert (person.full_name, person.phone, person.email, person.address, person.citizen_id) == (None,) * 5
        assert case.content == ANONYMISED_TEXT and "Nguyễn" not in case.subject and case.answer_source is None
        # the staff search's folded copies go too; the case is still found by its code
        assert person.search_text == "" and "nguyen" not in case.search_text
        assert case.search_text == case_search_text(case.tracking_code, case.subject, case.content)
        assert case.anonymised_at == NOW and case.attachments == []
        assert not any((folder / s).exists() for s in stored[name])
        assert case.events[-1].action == "anonymised"
        assert case.events[-1].data == {"retention_years": current_rules()[case.kind].years,
                                        "attachments_removed": len(stored[name])}
        assert all(m.recipient == "" and "Nguyễn" not in m.body_text for m in
                   db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.case_id == case.id)))
    for name in ("complaint_old", "feedback_recent", "feedback_open"):
        case = db.session.get(Case, cases[name].id)
        assert case.anonymised_at is None and "Nguyễn Văn An" in case.subject
        assert db.session.get(Petitioner, case.petitioner_id).full_name == "Nguyễn Văn An"
        assert all((folder / s).exists() for s in stored[name]) and len(case.attachments) == len(stored[name])
    run = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "retention.applied"))
    assert run.data["cases"] == {"feedback": 1, "petition": 1} and run.data["attachments"] == 3

    again = apply_retention(NOW + timedelta(days=1))
    assert again.total == 0
    assert db.session.scalar(sa.select(sa.func.count(AdminEvent.id))) == 1  # a run that finds nothing says nothing


def test_a_dry_run_counts_and_changes_nothing(app, cases, runner, clock):
    clock.set(NOW)
    before = db.session.execute(sa.select(Case.id, Case.subject, Case.version).order_by(Case.id)).all()
    events = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)))
    result = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert result.exit_code == 0 and "sẽ ẩn danh 2 hồ sơ (feedback 1, petition 1); 3 tệp" in result.output
    db.session.expire_all()
    assert db.session.execute(sa.select(Case.id, Case.subject, Case.version).order_by(Case.id)).all() == before
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == events
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 6


def test_an_admins_longer_period_keeps_the_data_and_is_audited(app, cases, make_user):
    admin = make_user()
    assert change_rule(CaseKind.FEEDBACK, 20, "Quyết định 15/QĐ-SKHCN về danh mục hồ sơ", actor=admin, now=NOW)
    assert not change_rule(CaseKind.FEEDBACK, 20, "Quyết định 15/QĐ-SKHCN về danh mục hồ sơ", actor=admin, now=NOW)
    event = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "retention.changed"))
    assert event.data == {"kind": "feedback", "years_before": 5, "years": 20}
    report = apply_retention(NOW)
    assert dict(report.cases) == {"petition": 1}
    assert db.session.get(Case, cases["feedback_old"].id).anonymised_at is None


@pytest.mark.parametrize("years, basis, field", [(0, "x", "years"), (101, "x", "years"), (5, "  ", "basis")])
def test_a_period_out_of_range_or_without_basis_is_refused(app, years, basis, field):
    with pytest.raises(RetentionRefused) as refused:
        change_rule(CaseKind.PETITION, years, basis, actor=None, now=NOW)
    assert refused.value.field == field


def test_the_period_runs_from_closing_and_a_29_february_has_a_day_in_every_year():
    assert closed_before(datetime(2026, 11, 25, tzinfo=timezone.utc), 5) == datetime(2021, 11, 25,
                                                                                      tzinfo=timezone.utc)
    assert closed_before(datetime(2028, 2, 29, tzinfo=timezone.utc), 1) == datetime(2027, 2, 28,
                                                                                    tzinfo=timezone.utc)



def test_a_closed_case_without_a_closing_event_counts_from_its_last_change(app, cases):
    """Rows loaded from elsewhere may lack the event into their final status."""
    old, recent = cases["feedback_open"].id, cases["petition_withdrawn"].id
    db.session.execute(sa.update(Case).where(Case.id == old).values(status=CaseStatus.CLOSED,
                                                                     updated_at=at(2018, 1, 1)))
    db.session.commit()
    due = {case_id for case_id, _ in due_cases(NOW, current_rules())}
    assert old in due  # feedback, 5 years after its last change in 2018
    db.session.execute(sa.update(Case).where(Case.id == old).values(updated_at=at(2024, 1, 1)))
    db.session.commit()
    assert old not in {case_id for case_id, _ in due_cases(NOW, current_rules())}
    assert recent in due
