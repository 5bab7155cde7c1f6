"""Demonstration data: a Department of Science and Technology, its staff, sample cases and visits."""
import secrets
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from .clock import LOCAL_TZ
from .domain import second_factor as second_factor_rules
from .domain.cases import CaseKind, CaseStatus, Channel, DeliveryMethod, InfoForm, PetitionerType, Role
from .domain.reception import ReceptionKind, ReceptionPlace, RefusalGround, VisitOutcome
from .extensions import db
from .models import ReceptionSession, RoutingRule, SecondFactor, Unit, User
from .services.audit import record_event
from .services.calendar_changes import add_override
from .services.deadlines import refresh_deadlines
from .services.intake import IntakeRequest, PetitionerData, file_case
from .services.reception import CaseData, VisitData, VisitorData, record_visit
from .services.reception_schedule import SessionData, publish_session

UNITS = [
    ("VP", "Văn phòng Sở"),
    ("BGD", "Ban Giám đốc Sở"),
    ("TTRA", "Thanh tra Sở"),
    ("KHTC", "Phòng Kế hoạch – Tài chính"),
    ("QLKH", "Phòng Quản lý khoa học"),
    ("QLCN", "Phòng Quản lý công nghệ và Đổi mới sáng tạo"),
    ("QLCNG", "Phòng Quản lý chuyên ngành (sở hữu trí tuệ, an toàn bức xạ)"),
    ("BCVT", "Phòng Bưu chính, Viễn thông và Chuyển đổi số"),
    ("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    ("TTUD", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"),
]

USERS = [
    ("tiepdan", "Nguyễn Thị Lan", Role.RECEPTION, "VP"),
    ("xuly", "Trần Văn Minh", Role.HANDLER, "CCTDC"),
    ("truongdv", "Lê Hoàng Nam", Role.UNIT_HEAD, "CCTDC"),
    ("lanhdao", "Phạm Quốc Hùng", Role.SUPERVISOR, "BGD"),
    ("quantri", "Đỗ Thu Hà", Role.ADMIN, "VP"),
]

# Routing rules: (priority, category, keywords, unit).
RULES = [
    (10, None, "cân, xăng dầu, đo lường, nhãn hàng hóa, mã số mã vạch", "CCTDC"),
    (20, "standards_metrology_quality", None, "CCTDC"),
    (20, "intellectual_property", None, "QLCNG"),
    (20, "radiation_safety", None, "QLCNG"),
    (20, "technology_transfer", None, "QLCN"),
    (20, "science_management", None, "QLKH"),
    (20, "digital_transformation", None, "BCVT"),
    (20, "inspection", None, "TTRA"),
    (30, None, "bức xạ, x-quang, nhãn hiệu, sáng chế", "QLCNG"),
]

# (kind, status, subject, unit the case sits with)
SAMPLES = [
    # kind, status, subject, unit, received how many days ago (some deadlines passed, some near)
    (CaseKind.FEEDBACK, CaseStatus.RECEIVED, "Cân điện tử tại chợ Đông Ba sai lệch", None, 16),
    (CaseKind.PETITION, CaseStatus.RECEIVED, "Đề nghị hỗ trợ doanh nghiệp áp dụng ISO 9001", None, 9),
    (CaseKind.COMPLAINT, CaseStatus.ACCEPTED, "Khiếu nại quyết định xử phạt về nhãn hàng hóa", "CCTDC", 40),
    (CaseKind.INFO_REQUEST, CaseStatus.IN_PROGRESS, "Xin danh sách đề tài khoa học cấp tỉnh năm 2025", "QLKH", 22),
    (CaseKind.PETITION, CaseStatus.ON_HOLD, "Kiến nghị về thủ tục cấp giấy phép tiến hành công việc bức xạ", "QLCNG",
     25),
    (CaseKind.FEEDBACK, CaseStatus.RESOLVED, "Cột đo xăng dầu tại cửa hàng số 5 bơm thiếu", "CCTDC", 30),
    (CaseKind.PETITION, CaseStatus.CLOSED, "Đề nghị hướng dẫn đăng ký nhãn hiệu tập thể", "QLCNG", 35),
    (CaseKind.COMPLAINT, CaseStatus.NOT_ACCEPTED, "Khiếu nại việc không xét chọn đề tài", "QLKH", 40),
    (CaseKind.DENUNCIATION, CaseStatus.FORWARDED, "Tố cáo hành vi sai phạm tại dự án chuyển đổi số xã", "TTRA", 45),
    (CaseKind.FEEDBACK, CaseStatus.GUIDED, "Phản ánh về chất lượng nước sinh hoạt", "VP", 50),
    (CaseKind.PETITION, CaseStatus.RETURNED, "Đơn kiến nghị không ghi nội dung cụ thể", "VP", 55),
    (CaseKind.FEEDBACK, CaseStatus.ARCHIVED, "Phản ánh trùng nội dung về cân điện tử", "VP", 60),
    (CaseKind.COMPLAINT, CaseStatus.WITHDRAWN, "Khiếu nại về kết quả kiểm định phương tiện đo", "CCTDC", 65),
]


# Calendar facts the holidays package gets ahead of (README, "Calendar overrides"). 31/08/2026 needs
# none: the package already has it off in exchange for Saturday 22/08 (Prime Minister's agreement
# to the Ministry of Home Affairs' proposal, Văn phòng Chính phủ, 10/2025).
CALENDAR_OVERRIDES = [
    (date(2026, 11, 24), True, "Ngày làm việc: Ngày Văn hóa Việt Nam (24/11) chưa là ngày nghỉ lễ theo Bộ luật "
     "Lao động 2019, Điều 112 — Nghị quyết 80-NQ/TW và Nghị quyết 30/NQ-CP mới giao sửa luật. Bỏ điều chỉnh "
     "này khi có văn bản cho công chức nghỉ ngày này."),
]


def load_demo(now: datetime) -> list[tuple[str, str, str, str | None]] | None:
    """Create the demo organisation once; returns (username, role, password, TOTP secret) or None if present.

    Leadership and admins must sign in with a second factor: their demo accounts get one already
    enrolled, with a random secret to put into an authenticator app (or read codes from
    ``flask demo code``).
    """
    if db.session.scalar(sa.select(sa.func.count(Unit.id))):
        return None
    units = {code: Unit(code=code, name=name, created_at=now) for code, name in UNITS}
    db.session.add_all(units.values())
    credentials = []
    for username, full_name, role, unit_code in USERS:
        password = secrets.token_urlsafe(12)
        user = User(username=username, full_name=full_name, role=role, unit=units[unit_code],
                    email=f"{username}@skhcn.example.gov.vn", created_at=now)
        user.set_password(password)
        db.session.add(user)
        secret = None
        if second_factor_rules.is_required(role):
            db.session.flush()
            secret = second_factor_rules.new_secret()
            db.session.add(SecondFactor(user_id=user.id, secret=secret, created_at=now, confirmed_at=now))
        credentials.append((username, role.value, password, secret))
    for priority, category, keywords, unit_code in RULES:
        db.session.add(RoutingRule(priority=priority, category=category, keywords=keywords,
                                   unit=units[unit_code], created_at=now, updated_at=now))
    db.session.commit()
    for day, is_working, reason in CALENDAR_OVERRIDES:
        add_override(day, is_working, reason, actor=None, now=now)
    reception = db.session.scalar(sa.select(User).where(User.role == Role.RECEPTION))
    for number, (kind, status, subject, unit_code, age) in enumerate(SAMPLES):
        _sample_case(number, kind, status, subject, units.get(unit_code), reception, now,
                     received_at=now - timedelta(days=age))
    _sample_visits(reception, now)
    return credentials


def demo_codes(now: datetime) -> list[tuple[str, str]]:
    """(username, the code of now) for the demo users with a second factor, for ``flask demo code``."""
    names = [username for username, _, role, _ in USERS if second_factor_rules.is_required(role)]
    rows = db.session.execute(sa.select(User.username, SecondFactor.secret)
                              .join(SecondFactor, SecondFactor.user_id == User.id)
                              .where(User.username.in_(names), SecondFactor.confirmed_at.is_not(None))
                              .order_by(User.username))
    return [(username, second_factor_rules.code_at(secret, now)) for username, secret in rows]


def _local(now: datetime, days_ago: int, hour: int, minute: int = 0) -> datetime:
    """A moment about ``days_ago`` local days before ``now`` (negative: after), at hour:minute in Vietnam,
    moved off the weekend (back for the past, forward for the future)."""
    day = now.astimezone(LOCAL_TZ).date() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day += timedelta(days=-1 if days_ago >= 0 else 1)
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _sample_visits(reception: User, now: datetime) -> None:
    """A lived-in reception desk: a routine visit, a delegation, the head's periodic reception (with its
    published session), a refusal on its ground, a visit registered as a case; and the next session."""
    head = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    held = ReceptionSession(starts_at=_local(now, 6, 8), ends_at=_local(now, 6, 11),
                            place="Phòng tiếp công dân, 15 Hạc Thành", host=f"Ông {head.full_name}, Giám đốc Sở",
                            note="Tiếp công dân định kỳ tháng này", created_at=now - timedelta(days=30),
                            created_by_id=admin.id)
    db.session.add(held)
    db.session.commit()
    publish_session(admin, SessionData(starts_at=_local(now, -8, 8), ends_at=_local(now, -8, 11),
                                       place="Phòng tiếp công dân, 15 Hạc Thành",
                                       host=f"Ông {head.full_name}, Giám đốc Sở"), now=now)
    lan = VisitorData("Hoàng Thị Thu", "046185003321", "27 Nguyễn Huệ, phường Thuận Hóa, TP Huế", "+84935112233")
    common = {"place": ReceptionPlace.RECEPTION_ROOM, "officer_id": reception.id}
    visits = [
        (VisitData(visited_at=_local(now, 9, 9, 15), reception_kind=ReceptionKind.ROUTINE, visitors=[lan],
                   content="Phản ánh cân điện tử tại quầy cá chợ Đông Ba cân thiếu khoảng 100 g mỗi kg.",
                   documents=["Ảnh chụp màn hình cân (02 ảnh)"], outcome=VisitOutcome.GUIDED,
                   kind=CaseKind.FEEDBACK,
                   outcome_note="Đã giải thích quy định về cân trong thương mại bán lẻ; chuyển thông tin cho "
                                "Chi cục Tiêu chuẩn Đo lường Chất lượng kiểm tra đột xuất.", **common), None),
        (VisitData(visited_at=_local(now, 7, 14, 0), reception_kind=ReceptionKind.ROUTINE, is_group=True,
                   people_count=14, is_repeat=True, visitors=[
                       VisitorData("Trần Văn Lực", "046078001122", "Thôn Lại Bằng, xã Phong Điền", "+84914223344"),
                       VisitorData("Nguyễn Văn Tâm", "046081004455", "Thôn Lại Bằng, xã Phong Điền"),
                       VisitorData("Lê Thị Hoa", "046090007788", "Thôn Lại Bằng, xã Phong Điền")],
                   content="14 hộ khiếu nại việc Trạm quan trắc bức xạ đặt cạnh khu dân cư chưa công khai kết "
                           "quả đo; đề nghị cung cấp kết quả và di dời trạm.",
                   documents=["Đơn khiếu nại có 14 chữ ký", "Biên bản họp thôn ngày 02/11"],
                   outcome=VisitOutcome.GUIDED, kind=CaseKind.COMPLAINT,
                   prior_authority="UBND xã Phong Điền (Công văn trả lời số 215/UBND ngày 20/10)",
                   outcome_note="Hướng dẫn gửi đơn khiếu nại đến UBND xã Phong Điền là nơi ban hành quyết định; "
                                "Sở cung cấp kết quả quan trắc theo Luật Tiếp cận thông tin.", **common), None),
        (VisitData(visited_at=_local(now, 6, 9, 30), reception_kind=ReceptionKind.HEAD_PERIODIC,
                   session_id=held.id, visitors=[VisitorData(
                       "Đặng Minh Quân", "046088009900", "Khu công nghiệp Phú Bài, TP Huế", "+84983445566")],
                   content="Doanh nghiệp kiến nghị rút ngắn thời gian thẩm định hồ sơ đề tài khoa học cấp tỉnh "
                           "và công bố tiêu chí xét chọn trước khi mở đợt.",
                   outcome=VisitOutcome.GUIDED, kind=CaseKind.PETITION,
                   outcome_note="Giám đốc Sở giao Phòng Quản lý khoa học rà soát quy trình, trả lời bằng văn bản "
                                "trong 15 ngày làm việc.", **{**common, "officer_id": head.id}), None),
        (VisitData(visited_at=_local(now, 3, 10, 45), reception_kind=ReceptionKind.ROUTINE, visitors=[VisitorData(
                       "Võ Văn Khánh", "046075002233", "Phường Hương Thủy, TP Huế")],
                   content="Yêu cầu Sở giải quyết lại khiếu nại về kết quả kiểm định đã có quyết định giải quyết "
                           "lần hai có hiệu lực; có lời lẽ xúc phạm cán bộ tiếp.",
                   outcome=VisitOutcome.REFUSED, refusal_ground=RefusalGround.THREATENING, is_repeat=True,
                   kind=CaseKind.COMPLAINT, prior_authority="Sở Khoa học và Công nghệ (quyết định lần hai)",
                   outcome_note="Đã lập biên bản; mời bảo vệ hỗ trợ.", **common), None),
        (VisitData(visited_at=_local(now, 1, 15, 20), reception_kind=ReceptionKind.ROUTINE, visitors=[VisitorData(
                       "Phan Thị Ngọc", "046192006677", "12 Trần Hưng Đạo, phường Phú Xuân, TP Huế",
                       "+84905667788")],
                   content="Phản ánh cửa hàng xăng dầu số 7 đường Hùng Vương bơm thiếu, cột đo không có tem "
                           "kiểm định còn hiệu lực.",
                   documents=["Hóa đơn mua xăng", "Video quay cột đo (USB)"], outcome=VisitOutcome.REGISTERED,
                   kind=CaseKind.FEEDBACK, **common),
         CaseData(kind=CaseKind.FEEDBACK, subject="Cột đo xăng dầu số 7 Hùng Vương bơm thiếu", consent=True)),
    ]
    for number, (data, case_data) in enumerate(visits):
        record_visit(reception, data, now=data.visited_at + timedelta(minutes=20), case_data=case_data,
                     submission_token=f"demo-visit-{number}")


# Sample statuses that come after acceptance: their resolution clock runs from an acceptance date.
ACCEPTED_LIKE = {CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD, CaseStatus.RESOLVED,
                 CaseStatus.CLOSED}


def _sample_case(number, kind, status, subject, unit, reception, now, received_at):
    petitioner = None if kind is CaseKind.FEEDBACK and number % 2 else PetitionerData(
        type=PetitionerType.INDIVIDUAL, full_name=f"Công dân mẫu số {number + 1}",
        citizen_id=f"0461900{number:05d}", phone=f"+8491234{number:04d}",
        email=f"congdan{number + 1}@example.com", address="12 Lê Lợi, phường Thuận Hóa, TP Huế")
    request = IntakeRequest(
        kind=kind, subject=subject, content=f"{subject}. Nội dung chi tiết của đơn mẫu số {number + 1}.",
        consent=True, petitioner=petitioner,
        channel=Channel.ONLINE if number % 3 else Channel.POST,
        location="Thành phố Huế" if kind in (CaseKind.PETITION, CaseKind.FEEDBACK) else None,
        complained_decision="Quyết định xử phạt số 15/QĐ-XPHC" if kind is CaseKind.COMPLAINT else None,
        learned_on=(received_at - timedelta(days=20)).date() if kind is CaseKind.COMPLAINT else None,
        accused="Ban quản lý dự án chuyển đổi số xã" if kind is CaseKind.DENUNCIATION else None,
        info_form=InfoForm.ELECTRONIC if kind is CaseKind.INFO_REQUEST else None,
        info_delivery=DeliveryMethod.EMAIL if kind is CaseKind.INFO_REQUEST else None,
        received_at=received_at, confirm_backdate=True,  # samples of past weeks
    )
    case = file_case(request, [], now=now, actor=reception).case
    if status is not CaseStatus.RECEIVED:
        previous = case.status
        case.status = status
        case.unit = unit or case.unit
        if status in ACCEPTED_LIKE:
            case.accepted_at = received_at + timedelta(days=2)
        refresh_deadlines(case)  # the deadlines of the status it now has (none once finished)
        record_event(case, "demo_status", now=now, actor=reception, from_status=previous, to_status=status,
                     note="Trạng thái mẫu cho dữ liệu trình diễn")
        db.session.commit()


