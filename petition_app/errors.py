"""Error pages: HTML for people, JSON for API clients. A 500 rolls back first."""
import contextlib

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from .extensions import db


def _wants_json() -> bool:
    if request.path.startswith(("/api/", "/open311/")):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _messages():
    return {
        400: _("Yêu cầu không hợp lệ."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy trang hoặc hồ sơ bạn yêu cầu."),
        405: _("Phương thức không được hỗ trợ."),
        413: _("Dữ liệu gửi lên quá lớn. Mỗi tệp đính kèm tối đa 10 MB, tối đa 5 tệp."),
        429: _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại."),
        500: _("Hệ thống gặp sự cố. Dữ liệu của bạn chưa được lưu; vui lòng thử lại sau."),
        503: _("Hệ thống đang tạm gián đoạn. Dữ liệu của bạn chưa được lưu; vui lòng quay lại trang trước "
               "và gửi lại sau ít phút."),
    }


def render_error(status: int, message: str | None = None):
    message = message or _messages().get(status, _("Đã xảy ra lỗi."))
    if _wants_json():
        return jsonify(error=status, message=message), status
    return render_template("errors/error.html", status=status, message=message), status


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path.startswith("/open311/"):  # a method or path the router refused: the API's own errors
            from .open311.views import http_error as open311_error

            return open311_error(error)
        if request.path.startswith("/api/v1/"):
            from .api.views import http_error as api_error

            return api_error(error)
        if error.code == 413 and request.mimetype != "multipart/form-data":
            return render_error(413, _("Biểu mẫu gửi lên quá lớn hoặc có quá nhiều mục. Không có gì được lưu."))
        return render_error(error.code or 500)

    @app.errorhandler(DBAPIError)
    def database_error(error):
        """The database went away (restarted, failed over, network): nothing of this request was
        committed, so the answer is a clean 503 "try again", not a 500. The pool drops the broken
        connection (and pool_pre_ping checks the others), so the next request reconnects by itself."""
        if not _database_unavailable(error):
            return unexpected_error(error)
        with contextlib.suppress(DBAPIError):
            db.session.rollback()
        db.session.remove()
        app.logger.warning("database unavailable on %s %s: %s", request.method, request.path,
                           type(error.orig).__name__)
        if request.path.startswith("/api/v1/"):
            from .api.problems import ApiProblem, respond

            response = respond(ApiProblem(503))
        else:
            response = render_error(503)
        response = app.make_response(response)
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/v1/"):
            from .api.problems import ApiProblem, respond

            return respond(ApiProblem(500))
        return render_error(500)


def _database_unavailable(error: DBAPIError) -> bool:
    """A lost or refused connection, not a bad statement. psycopg raises OperationalError only for
    the connection and the server's state; sqlite3 also for a bad statement, so there only a locked
    or unopenable file counts. SQLAlchemy marks a lost connection as invalidated."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if type(error.orig).__module__.startswith("sqlite3"):
        text = str(error.orig).lower()
        return any(sign in text for sign in ("locked", "unable to open", "disk i/o"))
    return True
