"""A known reporting month (sector month 11/2026: 15/10/2026 – 14/11/2026) of cases and visits of
every kind, outcome and unit, with the figures each form must show (worked out by hand)."""
from datetime import date, datetime, timedelta, timezone

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, Role, Signers
from petition_app.domain.reception import ReceptionKind, ReceptionPlace, VisitOutcome
from petition_app.domain.report_periods import Preset, preset_period  # noqa: F401  (used by the tests)
from petition_app.domain.tracking import new_tracking_code
from petition_app.domain.workflow import Outcome
from petition_app.extensions import db
from petition_app.models import Case, Visit
from petition_app.services.audit import record_event

PERIOD = preset_period(Preset.SECTOR_MONTH, 2026, 11)
S = CaseStatus


def local(m, d, hh=9, mm=0, y=2026):
    return datetime(y, m, d, hh, mm, tzinfo=timezone(timedelta(hours=7))).astimezone(timezone.utc)


def add_case(unit, kind, received, *, status=S.RECEIVED, signers=Signers.ONE, triage=None, accepted=None,
             resolved=None, outcome=None, due=None, eligible=None, within=None, repeat=False, follow_up=None,
             withdrawn=None):
    """A case with the facts and audit events the forms read. ``triage``: (moment, status after)."""
    case = Case(tracking_code=new_tracking_code(), kind=kind, channel=Channel.ONLINE, status=status,
                subject="Đo lường tại chợ", content="Nội dung", unit_id=unit.id if unit else None,
                received_at=received, signers=signers, is_eligible=eligible, within_competence=within,
                is_repeat=repeat, accepted_at=accepted, resolved_at=resolved, outcome=outcome, resolution_due=due)
    db.session.add(case)
    db.session.flush()
    record_event(case, "filed", now=received, to_status=S.RECEIVED, first=True)
    if accepted and not triage:
        triage = (accepted, S.ACCEPTED)
    if triage:
        record_event(case, "triage", now=triage[0], from_status=S.RECEIVED, to_status=triage[1])
    if follow_up:
        record_event(case, "follow_up", now=follow_up, from_status=S.FORWARDED, to_status=S.FORWARDED)
    if resolved:
        record_event(case, "resolve", now=resolved, from_status=S.IN_PROGRESS, to_status=S.RESOLVED)
    if withdrawn:
        record_event(case, "withdraw", now=withdrawn, from_status=S.IN_PROGRESS, to_status=S.WITHDRAWN)
    db.session.commit()
    return case


def add_visit(officer, at, kind_of_reception, outcome, *, people=1, group=False, repeat=False, kind=None,
              online=False):
    visit = Visit(visited_at=at, place=ReceptionPlace.RECEPTION_ROOM, officer_id=officer.id,
                  reception_kind=kind_of_reception, is_repeat=repeat, is_online=online, is_group=group,
                  people_count=people, content="Nội dung", kind=kind, outcome=outcome)
    db.session.add(visit)
    db.session.commit()
    return visit


def build_month(make_unit, make_user):
    """The month's data; returns the units and the officers."""
    vp, tdc = make_unit("VP", "Văn phòng Sở"), make_unit("TDC", "Chi cục TĐC")
    C, D, P, F, INFO = (CaseKind.COMPLAINT, CaseKind.DENUNCIATION, CaseKind.PETITION, CaseKind.FEEDBACK,
                     CaseKind.INFO_REQUEST)
    # A: carried over, accepted and resolved upheld on time.
    add_case(vp, C, local(10, 1), status=S.RESOLVED, accepted=local(10, 20), resolved=local(11, 10),
             outcome=Outcome.UPHELD, due=date(2026, 11, 20), eligible=True, within=True)
    # B: carried over but handled before the period: not in 01/XLD.
    add_case(vp, P, local(9, 20), status=S.GUIDED, triage=(local(10, 1), S.GUIDED), within=False)
    # C: a denunciation signed by several, accepted, in progress and late at the period's end.
    add_case(tdc, D, local(10, 16), status=S.IN_PROGRESS, signers=Signers.SEVERAL, accepted=local(10, 25),
             due=date(2026, 11, 10), eligible=True, within=True)
    # D: anonymous feedback, guided elsewhere.
    add_case(vp, F, local(10, 20), status=S.GUIDED, signers=None, triage=(local(10, 22), S.GUIDED), within=False)
    # E: a repeat petition forwarded and followed up.
    add_case(vp, P, local(11, 1), status=S.FORWARDED, repeat=True, triage=(local(11, 3), S.FORWARDED),
             within=False, follow_up=local(11, 10))
    # F: a complaint forwarded, not followed up.
    add_case(tdc, C, local(11, 5), status=S.FORWARDED, triage=(local(11, 6), S.FORWARDED), within=False)
    # G: a complaint declined (not eligible).
    add_case(vp, C, local(11, 10), status=S.NOT_ACCEPTED, triage=(local(11, 12), S.NOT_ACCEPTED), eligible=False)
    # H: an unrouted, untriaged petition; I: received after the period; J: an information request.
    add_case(None, P, local(11, 13), signers=None)
    add_case(vp, P, local(11, 15, 0, 30))
    add_case(vp, INFO, local(10, 20))
    # K: a complaint carried over and withdrawn; L: resolved before the period.
    add_case(vp, C, local(8, 25), status=S.WITHDRAWN, accepted=local(9, 1), withdrawn=local(10, 30),
             eligible=True, within=True)
    add_case(tdc, C, local(9, 5), status=S.RESOLVED, accepted=local(9, 10), resolved=local(10, 5),
             outcome=Outcome.REJECTED, eligible=True, within=True)
    # M: carried over, rejected late; N: resolved on its due day at 23:00 local time.
    add_case(tdc, C, local(9, 25), status=S.RESOLVED, accepted=local(10, 1), resolved=local(11, 1),
             outcome=Outcome.REJECTED, due=date(2026, 10, 25), eligible=True, within=True)
    add_case(vp, C, local(10, 18), status=S.RESOLVED, accepted=local(10, 20), resolved=local(11, 14, 23),
             outcome=Outcome.PARTLY_UPHELD, due=date(2026, 11, 14), eligible=True, within=True)
    # O: a denunciation carried over, found true, with no deadline recorded.
    add_case(vp, D, local(9, 28), status=S.RESOLVED, accepted=local(10, 1), resolved=local(11, 2),
             outcome=Outcome.TRUE, eligible=True, within=True)

    vp_officer, tdc_officer = make_user(Role.RECEPTION, "VP"), make_user(Role.RECEPTION, "TDC")
    R = ReceptionKind
    add_visit(vp_officer, local(10, 20), R.ROUTINE, VisitOutcome.GUIDED, kind=C)
    add_visit(vp_officer, local(10, 21), R.HEAD_PERIODIC, VisitOutcome.REGISTERED, people=12, group=True,
              repeat=True, kind=P)
    add_visit(tdc_officer, local(11, 14, 23, 30), R.DEPUTY, VisitOutcome.REFUSED, online=True)
    add_visit(vp_officer, local(11, 15, 0, 30), R.ROUTINE, VisitOutcome.GUIDED)
    add_visit(tdc_officer, local(10, 30), R.HEAD_AD_HOC, VisitOutcome.ATTACHED, people=2, repeat=True, kind=D)
    return vp, tdc


def _row(*pairs) -> dict:
    return {str(i): v for i, v in pairs}


def _cols(values: list[int]) -> dict:
    return {str(i): v for i, v in enumerate(values, start=1)}


# Every cell of every form, by row label (units sorted by name, then unrouted, then the total).
HANDLING = {
    "Chi cục TĐC": _cols([2, 0, 0, 0, 1, 1, 0, 2, 2, 2, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]),
    "Văn phòng Sở": _cols([5, 1, 0, 0, 3, 0, 1, 5, 4, 3, 2, 0, 2, 2, 0, 1, 1, 2, 2, 0, 0, 2, 1, 0, 1]),
    "Chưa chuyển đơn vị": _cols([1, 0, 0, 0, 0, 0, 1] + [0] * 18),
    "Tổng cộng": _cols([8, 1, 0, 0, 4, 1, 2, 7, 6, 5, 3, 1, 2, 2, 1, 2, 1, 3, 2, 1, 0, 3, 1, 1, 1]),
}
RECEPTION = {
    "Chi cục TĐC": _cols([2, 3, 0, 0, 0, 1, 2, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1]),
    "Văn phòng Sở": _cols([2, 13, 1, 1, 0, 1, 12, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0]),
    "Tổng cộng": _cols([4, 16, 1, 1, 0, 2, 14, 1, 1, 1, 0, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]),
}
RECEPTION_ONLINE = {"Chi cục TĐC": 1, "Văn phòng Sở": 0, "Tổng cộng": 1}
COMPLAINTS = {
    "Chi cục TĐC": _cols([1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0]),
    "Văn phòng Sở": _cols([3, 1, 2, 3, 1, 1, 1, 0, 2, 0, 0, 0]),
    "Tổng cộng": _cols([4, 2, 2, 4, 1, 1, 1, 1, 2, 1, 0, 0]),
}
DENUNCIATIONS = {
    "Chi cục TĐC": _cols([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]),
    "Văn phòng Sở": _cols([1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0]),
    "Tổng cộng": _cols([2, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1]),
}
