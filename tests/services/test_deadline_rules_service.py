"""The rules of issue 9 through the services: what is stored on the case, what intake refuses,
what an extension needs. "Now" is Wednesday 25/11/2026 (tests/conftest.py)."""
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from petition_app import create_app
from petition_app.domain.cases import (
    CaseKind,
    CaseStatus,
    Channel,
    DeliveryMethod,
    InfoForm,
    LateFilingReason,
    Role,
)
from petition_app.domain.deadlines import DEFAULT_POLICIES, Complexity
from petition_app.domain.workflow import Action, DeclineReason
from petition_app.extensions import db
from petition_app.models import OutboxMessage, SlaPolicy
from petition_app.services.intake import IntakeRefused, file_case
from petition_app.services.public_status import receipt_view
from petition_app.services.workflow import ActionRefused
from tests.services.test_intake_service import request
from tests.services.test_workflow_service import act, cctdc


@pytest.fixture
def staff(app, make_unit, make_user):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    return {"reception": make_user(Role.RECEPTION, "VP"), "head": make_user(Role.UNIT_HEAD, "CCTDC"),
            "supervisor": make_user(Role.SUPERVISOR, "VP")}


def info_request(clock, **overrides):
    return file_case(request(kind=CaseKind.INFO_REQUEST, info_form=InfoForm.COPY,
                             info_delivery=DeliveryMethod.EMAIL, **overrides), [], now=clock.now).case


def test_an_information_request_is_counted_from_receipt_and_has_no_triage_date(staff, clock):
    case = info_request(clock)
    # First notice: 26, 27, 30/11. Answer: 26–27/11, 30/11–04/12, 07–11/12, 14–16/12.
    assert (case.triage_due, case.acceptance_due, case.resolution_due) == (None, date(2026, 11, 30),
                                                                            date(2026, 12, 16))
    assert case.next_due == date(2026, 11, 30)
    clock.advance(days=2)
    act(case, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    db.session.refresh(case)
    assert case.resolution_due == date(2026, 12, 16) and case.next_due == date(2026, 12, 16)


def test_the_receipt_of_an_information_request_shows_the_access_to_information_deadlines(staff, clock):
    view = receipt_view(info_request(clock).tracking_code)
    assert view.triage_due is None
    assert [(d.due, d.citation) for d in view.deadlines] == [
        (date(2026, 11, 30), "Luật Tiếp cận thông tin 2016, Điều 31(2)"),
        (date(2026, 12, 16), "Luật Tiếp cận thông tin 2016, Điều 31(2); Nghị định 13/2018/NĐ-CP")]
    mail = db.session.scalar(sa.select(OutboxMessage))
    assert "16/12/2026 (15 ngày làm việc, Luật Tiếp cận thông tin 2016, Điều 31(2)" in mail.body_text


def test_a_simple_request_marked_at_triage_is_answered_within_5_working_days(staff, clock):
    case = info_request(clock)
    act(case, Action.CLASSIFY, staff["reception"], clock, category="other", is_simple=True)
    db.session.refresh(case)
    # 26, 27, 30/11, 01, 02/12; no separate first notice.
    assert (case.acceptance_due, case.resolution_due, case.next_due) == (None, date(2026, 12, 2), date(2026, 12, 2))


def test_the_receipt_cites_the_reception_law_in_person_and_the_circular_for_written_petitions(staff, clock):
    written = file_case(request(), [], now=clock.now).case
    in_person = file_case(request(channel=Channel.IN_PERSON), [], now=clock.now, actor=staff["reception"]).case
    assert receipt_view(written.tracking_code).deadlines[0].citation == \
        "Luật Tiếp công dân 2013, Điều 28(1); Thông tư 05/2021/TT-TTCP"
    assert receipt_view(in_person.tracking_code).deadlines[0].citation == "Luật Tiếp công dân 2013, Điều 28(1)"


@pytest.fixture
def denunciation(staff, clock):
    return file_case(request(kind=CaseKind.DENUNCIATION, accused="Ông X"), [], now=clock.now).case


def test_a_denunciation_outside_competence_gets_a_forwarding_deadline_until_forwarded(denunciation, staff, clock):
    act(denunciation, Action.CLASSIFY, staff["reception"], clock, category="other", within_competence=False)
    db.session.refresh(denunciation)
    # 5 working days: 26, 27, 30/11, 01, 02/12 — nearer than acceptance (04/12) and triage (09/12).
    assert denunciation.forwarding_due == date(2026, 12, 2) and denunciation.next_due == date(2026, 12, 2)
    act(denunciation, Action.FORWARD, staff["reception"], clock, agency="Công an tỉnh", cover_letter="Chuyển đơn")
    db.session.refresh(denunciation)
    assert denunciation.status is CaseStatus.FORWARDED and denunciation.next_due is None


def test_several_places_chosen_at_triage_give_10_working_days_to_accept(denunciation, staff, clock):
    assert denunciation.acceptance_due == date(2026, 12, 4)
    act(denunciation, Action.CLASSIFY, staff["reception"], clock, category="other", several_places=True)
    db.session.refresh(denunciation)
    assert denunciation.acceptance_due == date(2026, 12, 9)


def test_a_denunciation_that_is_not_complex_is_never_extended(denunciation, staff, clock):
    act(denunciation, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    with pytest.raises(ActionRefused, match="Luật Tố cáo 2018, Điều 30") as refusal:
        act(denunciation, Action.EXTEND, staff["head"], clock, note="Cần thêm thời gian", days=30)
    assert refusal.value.field == "complexity"


def test_complexity_set_at_acceptance_allows_one_extension(denunciation, staff, clock):
    act(denunciation, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc(), complexity=Complexity.COMPLEX,
        note="Nhiều người liên quan")
    act(denunciation, Action.EXTEND, staff["head"], clock, note="Chưa xác minh xong", days=30)
    with pytest.raises(ActionRefused, match="Đã gia hạn đủ 1 lần"):
        act(denunciation, Action.EXTEND, staff["head"], clock, note="Thêm", days=30)
    act(denunciation, Action.EXTEND, staff["head"], clock, note="Đặc biệt phức tạp: liên quan ba tỉnh", days=30,
        complexity=Complexity.ESPECIALLY_COMPLEX)
    db.session.refresh(denunciation)
    assert denunciation.complexity is Complexity.ESPECIALLY_COMPLEX and len(denunciation.extensions) == 2


def test_complexity_is_declared_with_its_reason(denunciation, staff, clock):
    with pytest.raises(ActionRefused, match="Điều 30") as refusal:
        act(denunciation, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc(), complexity=Complexity.COMPLEX)
    assert refusal.value.field == "note"
    db.session.refresh(denunciation)
    assert denunciation.status is CaseStatus.RECEIVED


def test_declining_tells_the_citizen_the_ground_and_its_article(staff, clock):
    case = file_case(request(kind=CaseKind.COMPLAINT, learned_on=date(2026, 11, 1), complained_decision="QĐ 1"), [],
                     now=clock.now).case
    act(case, Action.DECLINE, staff["supervisor"], clock, decline_reason=DeclineReason.UNLAWFUL_REPRESENTATIVE,
        note="Giấy ủy quyền không hợp lệ")
    notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Người đại diện không hợp pháp thực hiện khiếu nại (Luật Khiếu nại 2011, Điều 11(4))" in notice.body_text


def second_complaint(**overrides):
    return request(kind=CaseKind.COMPLAINT, complained_decision="QĐ 7/QĐ-SKHCN", is_second_time=True,
                   first_decision_number="7/QĐ-SKHCN", **overrides)


@pytest.mark.parametrize("given,field", [
    (dict(first_decision_on=date(2026, 10, 20)), "first_decision_on"),  # 30 days: Thursday 19/11
    (dict(first_accepted_on=date(2026, 9, 1)), "first_accepted_on"),  # 45 days: 16/10; 30 more: Monday 16/11
])
def test_a_late_second_complaint_is_refused_online_next_to_its_date(staff, clock, given, field):
    with pytest.raises(IntakeRefused, match="Luật Khiếu nại 2011, Điều 33") as refused:
        file_case(second_complaint(**given), [], now=clock.now)
    assert refused.value.field == field


def test_a_second_complaint_on_time_and_a_late_one_recorded_knowingly_at_the_desk(staff, clock):
    # Received 30/10: 30 days end Sunday 29/11, so Monday 30/11.
    on_time = file_case(second_complaint(first_decision_on=date(2026, 10, 30)), [], now=clock.now).case
    assert on_time.is_second_time and not on_time.filed_late and on_time.first_decision_number == "7/QĐ-SKHCN"
    late = file_case(second_complaint(first_decision_on=date(2026, 10, 20), late_reason=LateFilingReason.ILLNESS,
                                      channel=Channel.IN_PERSON), [], now=clock.now, actor=staff["reception"]).case
    assert late.filed_late and late.first_decision_on == date(2026, 10, 20)
    assert late.late_reason is LateFilingReason.ILLNESS


def test_the_desk_receives_a_late_second_complaint_only_with_a_reason(staff, clock):
    with pytest.raises(IntakeRefused, match="Điều 33") as refused:
        file_case(second_complaint(first_decision_on=date(2026, 10, 20), channel=Channel.IN_PERSON), [],
                  now=clock.now, actor=staff["reception"])
    assert refused.value.field == "late_reason"
    with pytest.raises(IntakeRefused) as refused:
        file_case(second_complaint(first_decision_on=date(2026, 10, 20), channel=Channel.IN_PERSON,
                                   late_reason=LateFilingReason.OTHER_OBSTACLE), [],
                  now=clock.now, actor=staff["reception"])
    assert refused.value.field == "late_reason_note"


def test_a_remote_area_has_45_days_for_a_second_complaint(staff, clock):
    case = file_case(second_complaint(first_decision_on=date(2026, 10, 20), is_remote=True), [], now=clock.now).case
    assert not case.filed_late and case.is_remote


def test_a_second_complaint_needs_the_first_round_dates(staff, clock):
    with pytest.raises(IntakeRefused) as refused:
        file_case(second_complaint(), [], now=clock.now)
    assert refused.value.field == "first_decision_on"


def test_the_migration_adds_the_statutory_version_of_each_kind(tmp_path):
    # Every test empties the tables, so migrate a database of its own (SQLite on either backend).
    migrated = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with migrated.app_context():
        upgrade()
        for kind in CaseKind:
            row = db.session.scalar(sa.select(SlaPolicy).where(SlaPolicy.kind == kind, SlaPolicy.version == 2))
            assert row.to_policy() == DEFAULT_POLICIES[kind], kind
        db.session.remove()
        db.engine.dispose()
