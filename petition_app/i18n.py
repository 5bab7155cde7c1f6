"""Language, time zone and the labels people read for codes stored in the database.

Vietnamese is the source language of every message; English is a catalogue.
"""
from datetime import date, datetime

from flask import current_app, has_request_context, session
from flask_babel import lazy_gettext as _l

from .clock import LOCAL_TZ, as_aware
from .domain.cases import (
    CaseKind,
    CaseStatus,
    Channel,
    DeliveryMethod,
    InfoForm,
    PetitionerType,
    Role,
)

LABELS = {
    CaseKind.COMPLAINT: _l("Khiếu nại"),
    CaseKind.DENUNCIATION: _l("Tố cáo"),
    CaseKind.PETITION: _l("Kiến nghị"),
    CaseKind.FEEDBACK: _l("Phản ánh"),
    CaseKind.INFO_REQUEST: _l("Yêu cầu cung cấp thông tin"),
    Channel.ONLINE: _l("Trực tuyến"),
    Channel.IN_PERSON: _l("Trực tiếp tại trụ sở"),
    Channel.POST: _l("Qua bưu chính"),
    Channel.EMAIL: _l("Qua thư điện tử"),
    Channel.PHONE: _l("Qua điện thoại"),
    Channel.FORWARDED: _l("Do cơ quan khác chuyển đến"),
    CaseStatus.RECEIVED: _l("Đã tiếp nhận, đang phân loại"),
    CaseStatus.ACCEPTED: _l("Đã thụ lý"),
    CaseStatus.IN_PROGRESS: _l("Đang giải quyết"),
    CaseStatus.ON_HOLD: _l("Chờ công dân bổ sung"),
    CaseStatus.RESOLVED: _l("Đã có kết quả giải quyết"),
    CaseStatus.CLOSED: _l("Đã kết thúc"),
    CaseStatus.NOT_ACCEPTED: _l("Không thụ lý"),
    CaseStatus.FORWARDED: _l("Đã chuyển cơ quan có thẩm quyền"),
    CaseStatus.GUIDED: _l("Đã hướng dẫn công dân"),
    CaseStatus.RETURNED: _l("Đã trả lại đơn"),
    CaseStatus.ARCHIVED: _l("Lưu đơn"),
    CaseStatus.WITHDRAWN: _l("Công dân đã rút đơn"),
    PetitionerType.INDIVIDUAL: _l("Cá nhân"),
    PetitionerType.ORGANISATION: _l("Tổ chức, doanh nghiệp"),
    InfoForm.COPY: _l("Bản sao, bản chụp"),
    InfoForm.ELECTRONIC: _l("Tệp điện tử"),
    InfoForm.ON_SITE: _l("Đọc, xem, nghe tại chỗ"),
    DeliveryMethod.POST: _l("Gửi qua bưu chính"),
    DeliveryMethod.EMAIL: _l("Gửi qua thư điện tử"),
    DeliveryMethod.PICKUP: _l("Nhận trực tiếp tại trụ sở"),
    Role.RECEPTION: _l("Cán bộ tiếp công dân"),
    Role.HANDLER: _l("Cán bộ xử lý"),
    Role.UNIT_HEAD: _l("Trưởng đơn vị"),
    Role.SUPERVISOR: _l("Lãnh đạo, giám sát"),
    Role.ADMIN: _l("Quản trị hệ thống"),
}


def label(value) -> str:
    """The human label of an enum member (or the value itself if it has none)."""
    return str(LABELS.get(value, value if value is not None else ""))


def select_locale() -> str:
    lang = session.get("lang") if has_request_context() else None
    return lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def format_date(value) -> str:
    """dd/mm/yyyy, in Vietnam's time zone for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = as_aware(value).astimezone(LOCAL_TZ).date()
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def format_datetime(value) -> str:
    """HH:MM dd/mm/yyyy in Vietnam's time zone."""
    if value is None:
        return ""
    return as_aware(value).astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


def init_templates(app) -> None:
    app.jinja_env.filters["vn_date"] = format_date
    app.jinja_env.filters["vn_datetime"] = format_datetime
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["current_locale"] = select_locale
