"""The intake use case itself: one transaction, nothing half-way, the audit chain."""
import io
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from petition_app.domain.audit import event_hash
from petition_app.domain.cases import CaseKind, Channel, PetitionerType, Role
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from petition_app.services import intake, notifications
from petition_app.services.attachments import Upload
from petition_app.services.intake import IntakeRefused, IntakeRequest, PetitionerData, file_case
from tests import files
from tests.web.intake_helpers import NOTHING, counts


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def request(**overrides) -> IntakeRequest:
    values = dict(
        kind=CaseKind.FEEDBACK, subject="Cân sai", content="Cân thiếu 100 g.", consent=True,
        petitioner=PetitionerData(type=PetitionerType.INDIVIDUAL, full_name="Nguyễn Văn An",
                                  phone="+84912345678", email="an@example.com", address="Huế"),
        location="Chợ Đông Ba",
    )
    values.update(overrides)
    return IntakeRequest(**values)


def test_a_crash_before_commit_leaves_no_rows_and_no_files(app, clock, monkeypatch):
    def broken_mail(case, deadlines=None):
        raise RuntimeError("template engine exploded")

    monkeypatch.setattr(notifications, "acknowledge_filing", broken_mail)
    uploads = [Upload("a.pdf", io.BytesIO(files.PDF)), Upload("b.png", io.BytesIO(files.PNG))]
    with pytest.raises(RuntimeError):
        file_case(request(), uploads, now=clock.now)
    assert counts() == NOTHING
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or list(folder.iterdir()) == []


def test_tracking_code_collision_is_retried(app, clock, monkeypatch):
    first = file_case(request(), [], now=clock.now).case
    codes = iter([first.tracking_code, "2345-6789-ABCD-EFGH"])
    monkeypatch.setattr(intake, "new_tracking_code", lambda: next(codes))
    second = file_case(request(), [], now=clock.now).case
    assert second.tracking_code == "2345-6789-ABCD-EFGH"
    assert counts()["cases"] == 2 and counts()["petitioners"] == 2


def test_first_event_starts_a_verifiable_hash_chain(app, clock):
    case = file_case(request(), [], now=clock.now).case
    event = db.session.scalar(sa.select(CaseEvent))
    assert event.prev_hash is None
    assert event.hash == event_hash(None, case_id=case.id, at=event.at, actor_id=None, action="received",
                                    from_status=None, to_status="received", note=None, data=event.data)


def test_audit_events_cannot_be_changed_or_deleted(app, clock):
    file_case(request(), [], now=clock.now)
    event = db.session.scalar(sa.select(CaseEvent))
    event.note = "sửa lịch sử"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(sa.select(CaseEvent)))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_anonymous_complaint_is_refused_by_the_service_too(app, clock):
    with pytest.raises(IntakeRefused) as refusal:
        file_case(request(kind=CaseKind.COMPLAINT, petitioner=None), [], now=clock.now)
    assert refusal.value.field == "anonymous"
    assert counts() == NOTHING


def test_consent_is_enforced_by_the_service(app, clock):
    with pytest.raises(IntakeRefused) as refusal:
        file_case(request(consent=False), [], now=clock.now)
    assert refusal.value.field == "consent"


def test_only_staff_may_backdate_a_receipt(app, clock, make_user):
    with pytest.raises(IntakeRefused):
        file_case(request(received_at=clock.now - timedelta(days=3)), [], now=clock.now)
    staff = make_user(Role.RECEPTION)
    case = file_case(request(received_at=clock.now - timedelta(days=3), channel=Channel.POST), [],
                     now=clock.now, actor=staff).case
    assert case.received_at == clock.now - timedelta(days=3)
    assert case.created_at == clock.now


def test_case_waits_unrouted_when_the_intake_unit_is_missing(app, clock):
    app.config["INTAKE_UNIT_CODE"] = "NONE"
    case = file_case(request(), [], now=clock.now).case
    assert case.unit_id is None
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1
