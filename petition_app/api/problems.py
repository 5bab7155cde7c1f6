"""Errors as RFC 9457 problem details (application/problem+json), in the reader's language."""
from flask import Response, json
from flask_babel import gettext as _
from pydantic import ValidationError


class ApiProblem(Exception):
    def __init__(self, status: int, detail: str | None = None, errors: list[tuple[str, str]] | None = None,
                 slug: str | None = None):
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.slug = slug


def _titles() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ."),
        401: _("Cần mã truy cập hợp lệ."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy."),
        405: _("Phương thức không được hỗ trợ."),
        409: _("Hồ sơ đã được người khác cập nhật."),
        413: _("Dữ liệu gửi lên quá lớn."),
        415: _("Nội dung phải là JSON."),
        422: _("Không thể thực hiện: dữ liệu chưa đúng quy định."),
        429: _("Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau."),
        500: _("Hệ thống gặp sự cố; chưa có gì được lưu."),
        503: _("Hệ thống đang tạm gián đoạn; chưa có gì được lưu, vui lòng thử lại sau."),
    }


def respond(problem: ApiProblem) -> Response:
    body = {
        "type": f"/api/v1/problems/{problem.slug}" if problem.slug else "about:blank",
        "title": _titles().get(problem.status, _("Đã xảy ra lỗi.")),
        "status": problem.status,
        "detail": problem.detail,
        "errors": [{"field": field, "message": message} for field, message in problem.errors],
    }
    response = Response(json.dumps(body), status=problem.status, mimetype="application/problem+json")
    if problem.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("Vui lòng điền mục này.")
    if kind == "extra_forbidden":
        return _("Mục này không được hỗ trợ.")
    if kind in ("string_too_long", "too_long"):
        return _("Tối đa %(max)d ký tự.", max=ctx.get("max_length", 0))
    if kind == "enum":
        return _("Giá trị không hợp lệ; chọn một trong: %(values)s.", values=ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        return _("Có ký tự không được phép.")
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("Giá trị ngoài khoảng cho phép.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Ngày, giờ không đúng định dạng ISO 8601 (ví dụ 2026-11-30 hoặc 2026-11-30T09:00:00+07:00).")
    return _("Giá trị không đúng kiểu dữ liệu.")


def from_validation(error: ValidationError) -> ApiProblem:
    errors = [(".".join(str(p) for p in e["loc"]) or "body", _message(e)) for e in error.errors()]
    return ApiProblem(422, _("Có mục chưa hợp lệ; xem từng mục."), errors, slug="validation")
