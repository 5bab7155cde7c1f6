"""Demonstration data: a Department of Science and Technology, its staff and sample cases."""
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from .domain.cases import CaseKind, CaseStatus, Channel, DeliveryMethod, InfoForm, PetitionerType, Role
from .extensions import db
from .models import RoutingRule, Unit, User
from .services.audit import record_event
from .services.calendar_changes import add_override
from .services.deadlines import refresh_deadlines
from .services.intake import IntakeRequest, PetitionerData, file_case

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


def load_demo(now: datetime) -> list[tuple[str, str, str]] | None:
    """Create the demo organisation once; returns (username, role, password) or None if present."""
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
        credentials.append((username, role.value, password))
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
    return credentials


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


