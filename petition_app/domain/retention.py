"""How long a closed case keeps its personal data (thời hạn lưu giữ dữ liệu cá nhân).

Nghị định 13/2023/NĐ-CP on the protection of personal data: personal data is processed for a
stated purpose and kept only as long as that purpose needs (Điều 3, nguyên tắc; Điều 16, xóa dữ
liệu cá nhân when the purpose is served), unless a law requires keeping it. A petition's file is a
record the department must keep for the period its archive rules set (Luật Lưu trữ; the Ministry of
Home Affairs' list of retention periods for common records, Thông tư 10/2022/TT-BNV, and the
department's own list, danh mục hồ sơ). The defaults below are the department's decision, set
from those rules as we read them: the periods were NOT checked against the text of Thông tư
10/2022/TT-BNV here, and admins should confirm them against the department's list.

When a case's period has run, its personal data is removed and the case row, its kind, dates,
unit, outcome, deadlines and audit chain stay: every statistic and report stays the same.
"""
from dataclasses import dataclass
from datetime import datetime

from .cases import OPEN_STATUSES, CaseKind, CaseStatus

MIN_YEARS = 1
MAX_YEARS = 100
# What a cleared free-text field reads afterwards (the column may not be empty).
ANONYMISED_TEXT = "[Đã xoá dữ liệu cá nhân khi hết thời hạn lưu giữ — Nghị định 13/2023/NĐ-CP]"
FINAL_STATUSES = frozenset(CaseStatus) - OPEN_STATUSES - {CaseStatus.RESOLVED}

_ARCHIVE_RULE = ("Luật Lưu trữ; Thông tư 10/2022/TT-BNV (thời hạn bảo quản tài liệu); danh mục hồ sơ của Sở "
                 "— quyết định của Sở, cần đối chiếu")


@dataclass(frozen=True)
class RetentionRule:
    kind: CaseKind
    years: int  # after the case reached a final status
    basis: str  # the legal basis or decision behind the period, shown to admins


DEFAULT_RULES = {
    CaseKind.COMPLAINT: RetentionRule(CaseKind.COMPLAINT, 15, "Hồ sơ giải quyết khiếu nại (Luật Khiếu nại 2011); "
                                      + _ARCHIVE_RULE),
    CaseKind.DENUNCIATION: RetentionRule(CaseKind.DENUNCIATION, 15, "Hồ sơ giải quyết tố cáo (Luật Tố cáo 2018, "
                                         "Điều 47: bảo vệ người tố cáo); " + _ARCHIVE_RULE),
    CaseKind.PETITION: RetentionRule(CaseKind.PETITION, 10, "Đơn kiến nghị (Luật Tiếp công dân 2013); "
                                     + _ARCHIVE_RULE),
    CaseKind.FEEDBACK: RetentionRule(CaseKind.FEEDBACK, 5, "Đơn phản ánh (Luật Tiếp công dân 2013); "
                                     + _ARCHIVE_RULE),
    CaseKind.INFO_REQUEST: RetentionRule(CaseKind.INFO_REQUEST, 5, "Yêu cầu cung cấp thông tin (Luật Tiếp cận "
                                         "thông tin 2016); " + _ARCHIVE_RULE),
}


def closed_before(now: datetime, years: int) -> datetime:
    """The instant a case must have closed before for its period of ``years`` to have run by ``now``
    (29 February moves to 28 February in a year that has none)."""
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValueError(f"years must be between {MIN_YEARS} and {MAX_YEARS}")
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)
