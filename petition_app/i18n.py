"""Language, time zone and the labels people read for codes stored in the database.

Vietnamese is the source language of every message; English is a catalogue.
"""
from datetime import date, datetime

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from .clock import LOCAL_TZ, as_aware
from .domain.cases import (
    CaseKind,
    CaseStatus,
    Category,
    Channel,
    ConsentMeans,
    DeliveryMethod,
    InfoForm,
    LateFilingReason,
    PetitionerType,
    Role,
    Signers,
)
from .domain.deadlines import Complexity, DayUnit, DeadlineState, Phase
from .domain.identity import format_phone
from .domain.information import Ground, Provision
from .domain.reception import OnlineMeans, ReceptionKind, ReceptionPlace, RefusalGround, VisitOutcome
from .domain.report_periods import Preset
from .domain.reports import Form as ReportForm
from .domain.workflow import Action, ArchiveReason, DeclineReason, Outcome
from .forms import input_attrs

# Keyed by (enum class, member): str enums of different classes can share a value
# (Channel.POST and DeliveryMethod.POST are both "post") but not a label.
_LABELLED = [
    (CaseKind.COMPLAINT, _l("Khiếu nại")),
    (CaseKind.DENUNCIATION, _l("Tố cáo")),
    (CaseKind.PETITION, _l("Kiến nghị")),
    (CaseKind.FEEDBACK, _l("Phản ánh")),
    (CaseKind.INFO_REQUEST, _l("Yêu cầu cung cấp thông tin")),
    (Channel.ONLINE, _l("Trực tuyến")),
    (ConsentMeans.IN_PERSON_VERBAL, _l("Đồng ý trực tiếp bằng lời tại nơi tiếp nhận")),
    (ConsentMeans.SIGNED_PAPER, _l("Ký phiếu đồng ý trên giấy")),
    (ConsentMeans.IN_LETTER, _l("Ghi sự đồng ý trong đơn, thư gửi đến")),
    (ConsentMeans.BY_PHONE, _l("Đồng ý qua điện thoại")),
    (LateFilingReason.ILLNESS, _l("Ốm đau")),
    (LateFilingReason.NATURAL_DISASTER, _l("Thiên tai")),
    (LateFilingReason.ENEMY_ACTION, _l("Địch họa")),
    (LateFilingReason.AWAY_FAR, _l("Đi công tác, học tập ở nơi xa")),
    (LateFilingReason.OTHER_OBSTACLE, _l("Trở ngại khách quan khác")),
    (Channel.IN_PERSON, _l("Trực tiếp tại trụ sở")),
    (Channel.POST, _l("Qua bưu chính")),
    (Channel.EMAIL, _l("Qua thư điện tử")),
    (Channel.PHONE, _l("Qua điện thoại")),
    (Channel.FORWARDED, _l("Do cơ quan khác chuyển đến")),
    (CaseStatus.RECEIVED, _l("Đã tiếp nhận, đang phân loại")),
    (CaseStatus.ACCEPTED, _l("Đã thụ lý")),
    (CaseStatus.IN_PROGRESS, _l("Đang giải quyết")),
    (CaseStatus.ON_HOLD, _l("Chờ công dân bổ sung")),
    (CaseStatus.RESOLVED, _l("Đã có kết quả giải quyết")),
    (CaseStatus.CLOSED, _l("Đã kết thúc")),
    (CaseStatus.NOT_ACCEPTED, _l("Không thụ lý")),
    (CaseStatus.FORWARDED, _l("Đã chuyển cơ quan có thẩm quyền")),
    (CaseStatus.GUIDED, _l("Đã hướng dẫn công dân")),
    (CaseStatus.RETURNED, _l("Đã trả lại đơn")),
    (CaseStatus.ARCHIVED, _l("Lưu đơn")),
    (CaseStatus.WITHDRAWN, _l("Công dân đã rút đơn")),
    (PetitionerType.INDIVIDUAL, _l("Cá nhân")),
    (PetitionerType.ORGANISATION, _l("Tổ chức, doanh nghiệp")),
    (InfoForm.COPY, _l("Bản sao, bản chụp")),
    (InfoForm.ELECTRONIC, _l("Tệp điện tử")),
    (InfoForm.ON_SITE, _l("Đọc, xem, nghe tại chỗ")),
    (DeliveryMethod.POST, _l("Gửi qua bưu chính")),
    (DeliveryMethod.EMAIL, _l("Gửi qua thư điện tử")),
    (DeliveryMethod.PICKUP, _l("Nhận trực tiếp tại trụ sở")),
    (DeliveryMethod.FAX, _l("Gửi qua fax")),
    (Provision.AT_ONCE, _l("Cung cấp ngay")),
    (Provision.PARTLY, _l("Cung cấp một phần")),
    (Provision.LATER, _l("Cung cấp sau, đã thông báo thời hạn (Luật Tiếp cận thông tin 2016, Điều 31)")),
    (Provision.REFUSED, _l("Từ chối cung cấp (Luật Tiếp cận thông tin 2016, Điều 28)")),
    (Ground.NOT_ACCESSIBLE, _l("Thông tin công dân không được tiếp cận: bí mật nhà nước, gây nguy hại đến lợi ích "
                               "Nhà nước, bí mật công tác, họp nội bộ (Luật Tiếp cận thông tin 2016, Điều 6; "
                               "Điều 28(1)(a))")),
    (Ground.CONDITIONS_NOT_MET, _l("Thông tin tiếp cận có điều kiện mà chưa đáp ứng điều kiện: bí mật kinh doanh, "
                                   "đời tư, bí mật gia đình chưa được đồng ý (Luật Tiếp cận thông tin 2016, Điều 7; "
                                   "Điều 28(1)(a))")),
    (Ground.ALREADY_PUBLIC, _l("Thông tin đã được công khai (Luật Tiếp cận thông tin 2016, Điều 17; Điều 28(1)(b))")),
    (Ground.OUTSIDE_COMPETENCE, _l("Thông tin không thuộc trách nhiệm cung cấp của Sở (Luật Tiếp cận thông tin 2016, "
                                   "Điều 9; Điều 28(1)(c))")),
    (Ground.PROVIDED_TWICE, _l("Thông tin đã được cung cấp hai lần cho chính người yêu cầu (Luật Tiếp cận thông "
                               "tin 2016, Điều 28(1)(d))")),
    (Ground.BEYOND_CAPACITY, _l("Yêu cầu vượt quá khả năng đáp ứng, ảnh hưởng hoạt động bình thường của cơ quan "
                                "(Luật Tiếp cận thông tin 2016, Điều 28(1)(đ))")),
    (Ground.FEES_NOT_PAID, _l("Người yêu cầu không thanh toán chi phí in, sao, chụp, gửi thông tin (Luật Tiếp cận "
                              "thông tin 2016, Điều 12; Điều 28(1)(e))")),
    (Ground.NOT_IN_FORM, _l("Yêu cầu không đúng hình thức, thiếu nội dung bắt buộc (Luật Tiếp cận thông tin 2016, "
                            "Điều 24)")),
    (Ground.NOT_HELD, _l("Thông tin không do Sở tạo ra hoặc không còn lưu giữ (Luật Tiếp cận thông tin 2016, "
                         "Điều 2(1), Điều 9)")),
    (Role.RECEPTION, _l("Cán bộ tiếp công dân")),
    (Role.HANDLER, _l("Cán bộ xử lý")),
    (Role.UNIT_HEAD, _l("Trưởng đơn vị")),
    (Role.SUPERVISOR, _l("Lãnh đạo, giám sát")),
    (Role.ADMIN, _l("Quản trị hệ thống")),
    (Category.STANDARDS_METROLOGY_QUALITY, _l("Tiêu chuẩn, đo lường, chất lượng")),
    (Category.INTELLECTUAL_PROPERTY, _l("Sở hữu trí tuệ")),
    (Category.RADIATION_SAFETY, _l("An toàn bức xạ, hạt nhân")),
    (Category.TECHNOLOGY_TRANSFER, _l("Chuyển giao, ứng dụng công nghệ")),
    (Category.SCIENCE_MANAGEMENT, _l("Quản lý khoa học và công nghệ")),
    (Category.DIGITAL_TRANSFORMATION, _l("Bưu chính, viễn thông, chuyển đổi số")),
    (Category.INSPECTION, _l("Thanh tra, kiểm tra")),
    (Category.ADMINISTRATIVE_PROCEDURES, _l("Thủ tục hành chính")),
    (Category.OTHER, _l("Lĩnh vực khác")),
    (Signers.ONE, _l("Một người đứng tên")),
    (Signers.SEVERAL, _l("Nhiều người đứng tên")),
    (Signers.DELEGATION, _l("Đoàn đông người")),
    (Action.CLASSIFY, _l("Phân loại")),
    (Action.ACCEPT, _l("Thụ lý")),
    (Action.DECLINE, _l("Không thụ lý")),
    (Action.FORWARD, _l("Chuyển đơn")),
    (Action.FOLLOW_UP, _l("Đôn đốc")),
    (Action.GUIDE, _l("Hướng dẫn công dân")),
    (Action.RETURN, _l("Trả lại đơn")),
    (Action.ARCHIVE, _l("Lưu đơn")),
    (Action.ASSIGN, _l("Giao xử lý")),
    (Action.START, _l("Bắt đầu giải quyết")),
    (Action.HOLD, _l("Chờ công dân bổ sung")),
    (Action.RESUME, _l("Tiếp tục giải quyết")),
    (Action.EXTEND, _l("Gia hạn")),
    (Action.RESOLVE, _l("Ghi kết quả giải quyết")),
    (Action.CLOSE, _l("Kết thúc hồ sơ")),
    (Action.WITHDRAW, _l("Ghi nhận rút đơn")),
    (DeclineReason.NOT_ADMINISTRATIVE, _l("Quyết định, hành vi nội bộ, chỉ đạo điều hành, chứa quy phạm pháp luật "
                                         "hoặc thuộc bí mật nhà nước (Luật Khiếu nại 2011, Điều 11(1))")),
    (DeclineReason.NO_STANDING, _l("Không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại "
                                   "(Luật Khiếu nại 2011, Điều 11(2))")),
    (DeclineReason.NO_CAPACITY, _l("Không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp "
                                   "(Luật Khiếu nại 2011, Điều 11(3))")),
    (DeclineReason.UNLAWFUL_REPRESENTATIVE, _l("Người đại diện không hợp pháp thực hiện khiếu nại "
                                               "(Luật Khiếu nại 2011, Điều 11(4))")),
    (DeclineReason.UNSIGNED, _l("Đơn không có chữ ký hoặc điểm chỉ, không ghi rõ họ tên, địa chỉ "
                                "(khiếu nại: Luật Khiếu nại 2011, Điều 11(5))")),
    (DeclineReason.FILED_TOO_LATE, _l("Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng "
                                      "(Luật Khiếu nại 2011, Điều 11(6))")),
    (DeclineReason.ALREADY_DECIDED, _l("Đã có văn bản giải quyết có hiệu lực (khiếu nại: đã có quyết định giải "
                                       "quyết lần hai, Luật Khiếu nại 2011, Điều 11(7))")),
    (DeclineReason.SUSPENSION_NOT_FOLLOWED_UP, _l("Đã có thông báo đình chỉ giải quyết mà sau 30 ngày người khiếu nại "
                                                  "không tiếp tục khiếu nại (Luật Khiếu nại 2011, Điều 11(8))")),
    (DeclineReason.BEFORE_COURT, _l("Tòa án đã thụ lý hoặc đã giải quyết bằng bản án, quyết định "
                                    "(Luật Khiếu nại 2011, Điều 11(9))")),
    (DeclineReason.ANONYMOUS_OR_IMPERSONATED, _l("Tố cáo nặc danh hoặc mạo danh: không xử lý như tố cáo, thông tin có "
                                                 "thể dùng để thanh tra, kiểm tra (Luật Tố cáo 2018, Điều 25)")),
    (DeclineReason.SENT_TO_COMPETENT_BODY, _l("Tố cáo đồng thời gửi đến cơ quan có thẩm quyền giải quyết "
                                              "(Luật Tố cáo 2018, Điều 24)")),
    (DeclineReason.REPEATED_AFTER_GUIDANCE, _l("Đã được hướng dẫn nhưng vẫn gửi tố cáo đến nơi không có thẩm quyền "
                                               "(Luật Tố cáo 2018, Điều 24)")),
    (DeclineReason.DENUNCIATION_NOT_IN_FORM, _l("Tố cáo không đúng hình thức: thiếu họ tên, địa chỉ, chữ ký "
                                                "(Luật Tố cáo 2018, Điều 23; Điều 29(1)(a))")),
    (DeclineReason.DENOUNCER_INCAPABLE, _l("Người tố cáo không có năng lực hành vi dân sự đầy đủ mà không có người "
                                           "đại diện (Luật Tố cáo 2018, Điều 29(1)(b))")),
    (DeclineReason.NO_BASIS, _l("Nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm "
                                "(Luật Tố cáo 2018, Điều 29(1)(d))")),
    (DeclineReason.OTHER, _l("Lý do khác theo quy định pháp luật")),
    (ArchiveReason.DUPLICATE, _l("Đơn trùng")),
    (ArchiveReason.ANONYMOUS_WITHOUT_SPECIFIC_CONTENT, _l("Tố cáo nặc danh, không có nội dung cụ thể")),
    (ArchiveReason.NO_CONTENT, _l("Đơn không có nội dung")),
    (Outcome.UPHELD, _l("Khiếu nại đúng")),
    (Outcome.PARTLY_UPHELD, _l("Khiếu nại đúng một phần")),
    (Outcome.REJECTED, _l("Khiếu nại sai")),
    (Outcome.TRUE, _l("Tố cáo đúng")),
    (Outcome.PARTLY_TRUE, _l("Tố cáo đúng một phần")),
    (Outcome.UNTRUE, _l("Tố cáo sai")),
    (Outcome.PROVIDED, _l("Đã cung cấp thông tin")),
    (Outcome.PARTLY_PROVIDED, _l("Đã cung cấp một phần thông tin")),
    (Outcome.REFUSED, _l("Từ chối cung cấp thông tin")),
    (Outcome.ANSWERED, _l("Đã trả lời")),
    (Complexity.NONE, _l("Không phức tạp")),
    (Complexity.COMPLEX, _l("Phức tạp (gia hạn một lần, Luật Tố cáo 2018, Điều 30)")),
    (Complexity.ESPECIALLY_COMPLEX, _l("Đặc biệt phức tạp (gia hạn hai lần, Luật Tố cáo 2018, Điều 30)")),
    (Phase.TRIAGE, _l("Xử lý đơn")),
    (Phase.FORWARDING, _l("Chuyển đơn không thuộc thẩm quyền")),
    (Phase.ACCEPTANCE, _l("Thụ lý, trả lời ban đầu")),
    (Phase.RESOLUTION, _l("Giải quyết")),
    (DeadlineState.ON_TRACK, _l("Trong hạn")),
    (DeadlineState.DUE_SOON, _l("Sắp đến hạn")),
    (DeadlineState.OVERDUE, _l("Quá hạn")),
    (DeadlineState.PAUSED, _l("Tạm dừng (chờ bổ sung)")),
    (DayUnit.WORKING, _l("ngày làm việc")),
    (DayUnit.CALENDAR, _l("ngày")),
    (ReceptionPlace.RECEPTION_ROOM, _l("Phòng tiếp công dân của Sở")),
    (ReceptionPlace.GRASSROOTS, _l("Tiếp tại cơ sở")),
    (ReceptionKind.ROUTINE, _l("Tiếp thường xuyên (cán bộ tiếp công dân)")),
    (ReceptionKind.HEAD_PERIODIC, _l("Giám đốc Sở tiếp định kỳ")),
    (ReceptionKind.HEAD_AD_HOC, _l("Giám đốc Sở tiếp đột xuất")),
    (ReceptionKind.DEPUTY, _l("Cấp phó được ủy quyền tiếp")),
    (OnlineMeans.VIDEO, _l("Hội nghị truyền hình, gọi video")),
    (OnlineMeans.PHONE, _l("Điện thoại")),
    (OnlineMeans.PORTAL, _l("Cổng dịch vụ công, ứng dụng trực tuyến")),
    (VisitOutcome.GUIDED, _l("Hướng dẫn, giải thích, trả lời trực tiếp")),
    (VisitOutcome.REGISTERED, _l("Tiếp nhận đơn, đăng ký hồ sơ")),
    (VisitOutcome.ATTACHED, _l("Gắn vào hồ sơ đang giải quyết")),
    (VisitOutcome.REFUSED, _l("Từ chối tiếp")),
    (RefusalGround.INCAPACITATED, _l("Say do dùng chất kích thích, mất khả năng nhận thức, điều khiển hành vi "
                                     "(Điều 9, khoản 1)")),
    (RefusalGround.THREATENING, _l("Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9, khoản 2)")),
    (RefusalGround.SETTLED_PERSISTENT, _l("Vụ việc đã giải quyết đúng pháp luật nhưng cố tình khiếu nại, tố cáo "
                                          "kéo dài (Điều 9, khoản 3)")),
    (RefusalGround.OTHER_BY_LAW, _l("Trường hợp khác theo quy định của pháp luật (Điều 9, khoản 4)")),
    (ReportForm.RECEPTION, _l("01/TCD — Tổng hợp kết quả tiếp công dân")),
    (ReportForm.HANDLING, _l("01/XLD — Tổng hợp kết quả xử lý đơn")),
    (ReportForm.COMPLAINTS, _l("01/KQGQ — Kết quả giải quyết khiếu nại thuộc thẩm quyền")),
    (ReportForm.DENUNCIATIONS, _l("01/KQGQTC — Kết quả giải quyết tố cáo thuộc thẩm quyền")),
    (Preset.SECTOR_MONTH, _l("Tháng (từ ngày 15 tháng trước đến ngày 14)")),
    (Preset.SECTOR_QUARTER, _l("Quý (từ ngày 15 đến ngày 14)")),
    (Preset.SECTOR_HALF_YEAR, _l("6 tháng (15/12 năm trước – 14/6)")),
    (Preset.SECTOR_NINE_MONTHS, _l("9 tháng (15/12 năm trước – 14/9)")),
    (Preset.SECTOR_YEAR, _l("Năm (15/12 năm trước – 14/12)")),
    (Preset.CALENDAR_MONTH, _l("Tháng dương lịch")),
    (Preset.PLAN_YEAR, _l("Báo cáo năm theo kế hoạch của tỉnh (gửi trước ngày 5/11)")),
    (Preset.FIVE_YEARS, _l("Tổng kết 5 năm")),
    (Preset.CUSTOM, _l("Khoảng tùy chọn")),
]
LABELS = {(type(member), member.value): text for member, text in _LABELLED}


def label(value) -> str:
    """The human label of an enum member (or the value itself if it has none)."""
    if value is None:
        return ""
    text = LABELS.get((type(value), getattr(value, "value", value)))
    return str(text) if text is not None else str(getattr(value, "value", value))


def select_locale() -> str:
    if has_request_context() and request.path.startswith("/api/v1/"):  # the staff API: by Accept-Language
        return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or \
            current_app.config["BABEL_DEFAULT_LOCALE"]
    lang = session.get("lang") if has_request_context() else None
    return lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def department_name() -> str:
    """The department's name in the language being written (pages, e-mails); printed official
    documents (receipts, letters, the log book) use ``DEPARTMENT_NAME`` itself."""
    config = current_app.config
    return config.get(f"DEPARTMENT_NAME_{str(get_locale()).upper()}") or config["DEPARTMENT_NAME"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def format_date(value) -> str:
    """dd/mm/yyyy, in Vietnam's time zone for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = as_aware(value).astimezone(LOCAL_TZ).date()
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ nhật"))


def weekday_name(value: date) -> str:
    return str(WEEKDAYS[value.weekday()])


def weekday_of(moment) -> str:
    """The local weekday of a moment."""
    return weekday_name(as_aware(moment).astimezone(LOCAL_TZ).date())


def format_time(moment) -> str:
    """HH:MM in Vietnam's time zone."""
    return as_aware(moment).astimezone(LOCAL_TZ).strftime("%H:%M") if moment else ""


def parse_iso_date(value: str | None) -> date | None:
    """A date stored as ISO text (audit event data), for vn_date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def format_datetime(value) -> str:
    """HH:MM dd/mm/yyyy in Vietnam's time zone."""
    if value is None:
        return ""
    return as_aware(value).astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


EVENT_LABELS = {
    "received": _l("Tiếp nhận đơn"),
    "demo_status": _l("Trạng thái mẫu (dữ liệu trình diễn)"),
    "reveal_identity": _l("Xem danh tính người tố cáo"),
    "personal_data.requested": _l("Công dân yêu cầu cung cấp dữ liệu cá nhân (đã xác nhận mã)"),
    "personal_data.provided": _l("Đã gửi dữ liệu cá nhân cho công dân"),
    "publish": _l("Lãnh đạo Sở phê duyệt công khai kết quả"),
    "split": _l("Tách một nội dung thành hồ sơ mới"),
    "split_from": _l("Được tách từ đơn có nhiều nội dung"),
    "link_related": _l("Liên kết hồ sơ liên quan"),
    "coordinate": _l("Mời đơn vị phối hợp"),
    "coordination_input": _l("Ý kiến phối hợp"),
    "deadlines_recomputed": _l("Tính lại thời hạn do điều chỉnh lịch làm việc"),
    "visit_attached": _l("Công dân đến trình bày lại (gắn lượt tiếp công dân)"),
    "record_information": _l("Ghi trả lời yêu cầu cung cấp thông tin"),
    "anonymised": _l("Xoá dữ liệu cá nhân khi hết thời hạn lưu giữ"),
}

VISIT_EVENT_LABELS = {
    "recorded": _l("Ghi sổ tiếp công dân"),
    "edited": _l("Sửa lượt tiếp"),
    "corrected": _l("Đính chính"),
    "registered": _l("Đăng ký thành hồ sơ"),
    "attached": _l("Gắn vào hồ sơ đang giải quyết"),
}


def visit_event_label(action: str) -> str:
    return str(VISIT_EVENT_LABELS.get(action, action))


ADMIN_EVENT_LABELS = {
    "sla_policy.changed": _l("Sửa thời hạn theo loại đơn"),
    "calendar.day_off_added": _l("Thêm ngày nghỉ"),
    "calendar.working_day_added": _l("Thêm ngày làm việc bù"),
    "calendar.override_removed": _l("Bỏ điều chỉnh lịch"),
    "routing_rule.saved": _l("Lưu quy tắc chuyển xử lý"),
    "routing_rule.removed": _l("Bỏ quy tắc chuyển xử lý"),
    "user.password_set": _l("Đặt lại mật khẩu"),
    "user.deactivated": _l("Khóa tài khoản"),
    "user.activated": _l("Mở lại tài khoản"),
    "user.created": _l("Tạo tài khoản"),
    "user.updated": _l("Sửa tài khoản"),
    "user.password_changed": _l("Tự đổi mật khẩu"),
    "user.second_factor_enabled": _l("Bật xác thực hai bước"),
    "user.second_factor_reset": _l("Đặt lại xác thực hai bước"),
    "user.recovery_code_used": _l("Đăng nhập bằng mã dự phòng"),
    "user.recovery_codes_regenerated": _l("Tạo mã dự phòng mới"),
    "published_information.created": _l("Đăng thông tin công khai"),
    "published_information.updated": _l("Sửa thông tin công khai"),
    "published_information.deleted": _l("Gỡ thông tin công khai"),
    "api_partner.issued": _l("Cấp khoá API cho hệ thống đối tác"),
    "api_partner.revoked": _l("Thu hồi khoá API của hệ thống đối tác"),
    "outbox.retried": _l("Gửi lại thư"),
    "outbox.cancelled": _l("Huỷ thư"),
    "national_export.created": _l("Xuất dữ liệu cho Cơ sở dữ liệu quốc gia"),
    "report_balance.saved": _l("Nhập số liệu đầu kỳ của biểu báo cáo"),
    "retention.changed": _l("Sửa thời hạn lưu giữ dữ liệu cá nhân"),
    "retention.applied": _l("Ẩn danh hồ sơ hết thời hạn lưu giữ"),
}


PERSONAL_FIELD_LABELS = {
    "full_name": _l("Họ và tên"),
    "citizen_id": _l("Số CCCD"),
    "phone": _l("Số điện thoại"),
    "email": _l("Thư điện tử"),
    "address": _l("Địa chỉ"),
    "org_name": _l("Tên cơ quan, tổ chức"),
    "tax_code": _l("Mã số thuế"),
    "rep_name": _l("Người đại diện"),
    "rep_position": _l("Chức vụ người đại diện"),
    "rep_contact": _l("Liên hệ của người đại diện"),
    "cosigner_names": _l("Người cùng đứng tên"),
    "consent_at": _l("Đồng ý xử lý dữ liệu cá nhân lúc"),
}


def personal_field_label(name: str) -> str:
    return str(PERSONAL_FIELD_LABELS.get(name, name))


def admin_event_label(action: str) -> str:
    return str(ADMIN_EVENT_LABELS.get(action, action))


def kind_label(value: str) -> str:
    try:
        return label(CaseKind(value))
    except ValueError:
        return value


def event_label(action: str) -> str:
    """The words for an audit event: a workflow action's label, or one of the intake events."""
    try:
        return label(Action(action))
    except ValueError:
        return str(EVENT_LABELS.get(action, action))


def category_label(code: str | None) -> str:
    """Categories are stored as codes; an unknown code is shown as it is."""
    try:
        return label(Category(code))
    except ValueError:
        return code or ""


def late_reason_label(code: str | None) -> str:
    """A late complaint's reason as the audit trail stores it (a code)."""
    try:
        return label(LateFilingReason(code))
    except ValueError:
        return code or ""


def init_templates(app) -> None:
    app.jinja_env.filters["vn_date"] = format_date
    app.jinja_env.filters["iso_date"] = parse_iso_date
    app.jinja_env.filters["weekday"] = weekday_name
    app.jinja_env.filters["admin_event_label"] = admin_event_label
    app.jinja_env.filters["personal_field_label"] = personal_field_label
    app.jinja_env.filters["kind_label"] = kind_label
    app.jinja_env.filters["vn_datetime"] = format_datetime
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["visit_event_label"] = visit_event_label
    app.jinja_env.filters["weekday_of"] = weekday_of
    app.jinja_env.filters["vn_time"] = format_time
    app.jinja_env.filters["event_label"] = event_label
    app.jinja_env.filters["category_label"] = category_label
    app.jinja_env.filters["late_reason_label"] = late_reason_label
    app.jinja_env.filters["phone"] = format_phone
    app.jinja_env.globals["current_locale"] = select_locale
    app.jinja_env.globals["department_name"] = department_name
    app.jinja_env.globals["input_attrs"] = input_attrs
