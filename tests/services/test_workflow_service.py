"""Taking actions on cases: permission, the stale-form guard, the event and the citizen's notice."""
from datetime import date

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from petition_app.clock import local_date
from petition_app.domain.cases import CaseKind, CaseStatus, Role
from petition_app.domain.deadlines import Complexity
from petition_app.domain.workflow import Action, ArchiveReason, DeclineReason, Need, Outcome, Refusal
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent, OutboxMessage
from petition_app.services.audit import verify_chains
from petition_app.services.intake import file_case
from petition_app.services.workflow import ActionInput, ActionRefused, StaleCase, take_action
from petition_app.services.working_calendar import working_calendar
from tests.services.test_intake_service import request


@pytest.fixture
def staff(app, make_unit, make_user):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    return {
        "reception": make_user(Role.RECEPTION, "VP"),
        "head": make_user(Role.UNIT_HEAD, "CCTDC"),
        "handler": make_user(Role.HANDLER, "CCTDC"),
        "other_handler": make_user(Role.HANDLER, "VP"),
        "supervisor": make_user(Role.SUPERVISOR, "VP"),
    }


@pytest.fixture
def complaint(app, clock, staff):
    return file_case(request(kind=CaseKind.COMPLAINT, learned_on=date(2026, 11, 1),
                             complained_decision="QĐ 15/QĐ-XPHC"), [], now=clock.now).case


def act(case, action, actor, clock, **given):
    db.session.refresh(case)
    return take_action(case.id, action, actor, version=case.version, now=clock.now, given=ActionInput(**given))


def cctdc():
    return db.session.scalar(sa.text("select id from units where code = 'CCTDC'"))


def test_a_complaint_from_intake_to_closure(complaint, staff, clock):
    act(complaint, Action.CLASSIFY, staff["reception"], clock, category="tieu_chuan_do_luong", is_repeat=False)
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    act(complaint, Action.ASSIGN, staff["head"], clock, assignee_id=staff["handler"].id)
    act(complaint, Action.START, staff["handler"], clock)
    act(complaint, Action.HOLD, staff["handler"], clock, note="Bổ sung bản sao quyết định xử phạt")
    act(complaint, Action.RESUME, staff["handler"], clock)
    act(complaint, Action.RESOLVE, staff["handler"], clock, outcome=Outcome.PARTLY_UPHELD,
        decision_number="25/QĐ-SKHCN", decision_date=date(2026, 12, 10),
        answer="Khiếu nại **đúng một phần**.\n\n<script>x()</script>",
        public_summary="Khiếu nại đúng một phần")
    act(complaint, Action.CLOSE, staff["head"], clock)
    db.session.refresh(complaint)
    assert complaint.status is CaseStatus.CLOSED
    assert complaint.assignee_id == staff["handler"].id and complaint.unit_id == cctdc()
    assert complaint.outcome is Outcome.PARTLY_UPHELD
    assert "<script>" not in complaint.answer_html and "<strong>đúng một phần</strong>" in complaint.answer_html
    assert complaint.answer_source.startswith("Khiếu nại **đúng một phần**")  # the source is kept as typed
    actions = [e.action for e in complaint.events]
    assert actions == ["received", "classify", "accept", "assign", "start", "hold", "resume", "resolve", "close"]
    resume = complaint.events[6]
    assert (resume.from_status, resume.to_status) == (CaseStatus.ON_HOLD, CaseStatus.IN_PROGRESS)
    assert verify_chains() == {}
    notices = db.session.scalars(sa.select(OutboxMessage.body_text).order_by(OutboxMessage.id)).all()
    assert len(notices) == 1 + 4  # acknowledgement, then accept, hold, resume, resolve
    assert "thụ lý" in notices[1] and "Bổ sung bản sao" in notices[2]
    assert "25/QĐ-SKHCN" in notices[4]
    # The dates the citizen is given are dd/mm/yyyy, with the law behind them.
    due = complaint.resolution_due  # the hold and the resume fell on one day: they moved nothing
    assert f"đến hết ngày {due:%d/%m/%Y}" in notices[1] and "Luật Khiếu nại 2011, Điều 28" in notices[1]
    assert "thời hạn tiếp tục được tính" in notices[3] and "-" not in notices[3].split("đến hết ngày")[1][:11]


def test_each_clock_event_keeps_its_legal_basis_and_the_notice(complaint, staff, clock):
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    act(complaint, Action.HOLD, staff["supervisor"], clock, note="Bổ sung bản sao quyết định")
    clock.advance(days=3)
    act(complaint, Action.RESUME, staff["supervisor"], clock)
    db.session.refresh(complaint)
    hold, resume = complaint.events[-2:]
    notices = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert hold.data["basis"] == "Luật Khiếu nại 2011, Điều 28" and hold.data["next_due"] is None
    assert hold.data["notice"] == notices[-2].id and resume.data["notice"] == notices[-1].id
    assert resume.data["next_due"] == complaint.next_due.isoformat()
    assert resume.actor_id == staff["supervisor"].id
    assert verify_chains() == {}


def test_a_stale_form_changes_nothing(complaint, staff, clock):
    version = complaint.version
    act(complaint, Action.CLASSIFY, staff["reception"], clock, category="khac")
    with pytest.raises(StaleCase):
        take_action(complaint.id, Action.ACCEPT, staff["supervisor"], version=version, now=clock.now,
                    given=ActionInput(unit_id=cctdc()))
    db.session.refresh(complaint)
    assert complaint.status is CaseStatus.RECEIVED and complaint.unit_id != cctdc()
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 2


def test_two_staff_saving_at_once_one_wins(app, complaint, staff, clock):
    import threading

    db.session.refresh(complaint)
    version, outcomes = complaint.version, []
    barrier = threading.Barrier(2)

    def save(actor, given):
        with app.app_context():
            barrier.wait()
            try:
                take_action(complaint.id, Action.CLASSIFY, actor, version=version, now=clock.now, given=given)
                outcomes.append("saved")
            except StaleCase:
                outcomes.append("stale")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(db.session.merge(staff["reception"]),
                                                    ActionInput(category=c))) for c in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 2


@pytest.mark.parametrize("action,given,missing", [
    (Action.DECLINE, {"note": "x"}, (Need.DECLINE_REASON,)),
    (Action.FORWARD, {"agency": "UBND tỉnh"}, (Need.COVER_LETTER,)),
    (Action.ARCHIVE, {}, (Need.ARCHIVE_REASON,)),
])
def test_missing_requirements_refuse_and_change_nothing(complaint, staff, clock, action, given, missing):
    with pytest.raises(ActionRefused) as refusal:
        act(complaint, action, staff["supervisor"], clock, **given)
    assert refusal.value.decision.missing == missing
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 1


def test_a_handler_cannot_accept(complaint, staff, clock):
    complaint.unit_id = cctdc()
    db.session.commit()
    with pytest.raises(ActionRefused) as refusal:
        act(complaint, Action.ACCEPT, staff["handler"], clock, unit_id=cctdc())
    assert refusal.value.decision.refusal is Refusal.WRONG_ROLE


def test_a_case_of_another_unit_is_not_found(complaint, staff, clock):
    complaint.unit_id = cctdc()
    db.session.commit()
    with pytest.raises(NotFound):
        act(complaint, Action.HOLD, staff["other_handler"], clock, note="x")


def test_a_unit_head_assigns_only_within_the_unit(complaint, staff, clock):
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    with pytest.raises(ActionRefused) as refusal:
        act(complaint, Action.ASSIGN, staff["head"], clock, assignee_id=staff["other_handler"].id)
    assert refusal.value.field == "assignee_id"


def test_declining_records_the_legal_reason(complaint, staff, clock):
    act(complaint, Action.DECLINE, staff["supervisor"], clock, decline_reason=DeclineReason.FILED_TOO_LATE,
        note="Quá thời hiệu 90 ngày")
    event = db.session.scalars(sa.select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert event.to_status is CaseStatus.NOT_ACCEPTED
    assert event.data["decline_reason"] == "filed_too_late" and event.note == "Quá thời hiệu 90 ngày"
    assert db.session.get(Case, complaint.id).is_eligible is False


def test_forwarding_names_the_agency_and_tells_the_citizen(complaint, staff, clock):
    act(complaint, Action.FORWARD, staff["reception"], clock, agency="Sở Tài nguyên và Môi trường",
        cover_letter="Kính chuyển đơn…")
    case = db.session.get(Case, complaint.id)
    assert case.status is CaseStatus.FORWARDED and case.forwarded_to == "Sở Tài nguyên và Môi trường"
    notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Sở Tài nguyên và Môi trường" in notice.body_text


def test_archiving_a_duplicate(complaint, staff, clock):
    act(complaint, Action.ARCHIVE, staff["reception"], clock, archive_reason=ArchiveReason.DUPLICATE,
        note="Trùng đơn đã nhận")
    assert db.session.get(Case, complaint.id).status is CaseStatus.ARCHIVED


def test_withdrawal_from_any_open_status(complaint, staff, clock):
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    act(complaint, Action.HOLD, staff["handler"], clock, note="Chờ bổ sung")
    act(complaint, Action.WITHDRAW, staff["handler"], clock, note="Công dân rút đơn ngày 26/11")
    assert db.session.get(Case, complaint.id).status is CaseStatus.WITHDRAWN


def test_extensions_follow_the_law_of_each_kind(app, staff, clock):
    denunciation = file_case(request(kind=CaseKind.DENUNCIATION, accused="Ông X"), [], now=clock.now).case
    act(denunciation, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    db.session.refresh(denunciation)
    assert denunciation.resolution_due == date(2026, 12, 25)  # 30 days from 25/11/2026
    act(denunciation, Action.EXTEND, staff["head"], clock, note="Vụ việc đặc biệt phức tạp", days=30,
        complexity=Complexity.ESPECIALLY_COMPLEX)
    db.session.refresh(denunciation)
    # 60 days from 25/11/2026 is Sunday 24/01/2027: the period ends on Monday 25/01.
    assert denunciation.resolution_due == date(2027, 1, 25)
    with pytest.raises(ActionRefused, match="từ 1 đến 30 ngày"):
        act(denunciation, Action.EXTEND, staff["head"], clock, note="Thêm", days=31)
    act(denunciation, Action.EXTEND, staff["head"], clock, note="Đặc biệt phức tạp", days=30)
    with pytest.raises(ActionRefused, match="Đã gia hạn đủ 2 lần"):
        act(denunciation, Action.EXTEND, staff["head"], clock, note="Lần ba", days=10)
    notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "30 ngày" in notice.body_text


def test_a_complaint_is_never_extended(complaint, staff, clock):
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    with pytest.raises(ActionRefused, match="Luật Khiếu nại 2011, Điều 28") as refusal:
        act(complaint, Action.EXTEND, staff["head"], clock, note="Phức tạp", days=10)
    assert refusal.value.field == "days"


def test_a_hold_pauses_the_deadline_and_resuming_continues_it(complaint, staff, clock):
    from datetime import timedelta

    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    db.session.refresh(complaint)
    due = complaint.resolution_due
    assert complaint.next_due == due
    clock.advance(days=5)
    act(complaint, Action.HOLD, staff["handler"], clock, note="Bổ sung")
    db.session.refresh(complaint)
    assert complaint.next_due is None and complaint.holds[0].ended_on is None
    clock.advance(days=7)
    act(complaint, Action.RESUME, staff["handler"], clock)
    db.session.refresh(complaint)
    assert complaint.resolution_due >= due + timedelta(days=7)
    assert complaint.next_due == complaint.resolution_due


@pytest.mark.parametrize("variant, days", [({}, 30), ({"is_complex": True}, 45), ({"is_remote": True}, 45),
                                           ({"is_complex": True, "is_remote": True}, 60)])
def test_complex_and_remote_cases_get_the_longer_statutory_period(complaint, staff, clock, variant, days):
    """Luật Khiếu nại, Điều 28: 30 days; 45 if complex or remote; 60 if both (calendar days)."""
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc(), **variant)
    db.session.refresh(complaint)
    accepted_on = local_date(clock.now)
    assert complaint.resolution_due == working_calendar().add_calendar_days(accepted_on, days)
    assert (complaint.is_complex, complaint.is_remote) == (variant.get("is_complex", False),
                                                           variant.get("is_remote", False))


def test_marking_a_case_complex_at_triage_later_moves_its_deadline_and_says_why(complaint, staff, clock):
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    db.session.refresh(complaint)
    ordinary = complaint.resolution_due
    act(complaint, Action.CLASSIFY, staff["supervisor"], clock, kind=CaseKind.COMPLAINT, is_complex=True)
    db.session.refresh(complaint)
    assert complaint.resolution_due == working_calendar().add_calendar_days(local_date(clock.now), 45)
    assert complaint.resolution_due > ordinary
    event = complaint.events[-1]
    assert event.data["is_complex"] is True and event.data["basis"] == "Luật Khiếu nại 2011, Điều 28"
    assert event.data["next_due"] == complaint.resolution_due.isoformat()


def test_a_second_time_complaint_is_counted_under_article_37(complaint, staff, clock):
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc(), is_second_time=True)
    db.session.refresh(complaint)
    assert complaint.is_second_time
    assert complaint.resolution_due == working_calendar().add_calendar_days(local_date(clock.now), 45)
    event = complaint.events[-1]
    assert event.data["is_second_time"] is True and event.data["basis"] == "Luật Khiếu nại 2011, Điều 37"
    notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Luật Khiếu nại 2011, Điều 37" in notice.body_text


def test_every_action_has_its_effect_beside_its_transition():
    from petition_app.domain.workflow import TRANSITIONS, Action
    from petition_app.services.workflow import EFFECTS

    assert set(EFFECTS) == set(TRANSITIONS) == set(Action)
