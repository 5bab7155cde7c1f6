"""The intake form's rate limit, as a citizen meets it (issue 14, floods).

Every POST to /gui-don counts, refused ones included (a form sent back for a missing field, or
one without a CSRF token: a flood must not go free by being invalid) — except a second identical
click: the same form, byte for byte, with the same submission token, sent again (a double click, a
reload, a retry after a timeout). The double-submit check files it once; it is not a second
attempt and costs nothing. "Seen" is kept in the limiter's own storage (Redis in production,
shared by every worker) for the longest window of the limit.

When the limit is reached the answer is not a page that replaces the form: it is the form, with
everything typed kept, and how long to wait."""
import hashlib
import math

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address

from ..extensions import limiter

SEEN_SECONDS = 3600  # the longest window of INTAKE_RATE_LIMIT's default ("… per hour")


def intake_cost() -> int:
    """1 for a new attempt, 0 for the same form sent again (called once per limit: kept in ``g``)."""
    if "intake_cost" not in g:
        g.intake_cost = _cost()
    return g.intake_cost


def _cost() -> int:
    if request.method != "POST" or not request.form.get("submission_token"):
        return 1
    fingerprint = hashlib.sha256()
    for part in (get_remote_address(), *sorted(f"{k}={v}" for k, v in request.form.items(multi=True)),
                 *sorted(f"{f.filename}:{f.mimetype}" for f in request.files.getlist("attachments") if f.filename)):
        fingerprint.update(part.encode("utf-8", "surrogatepass") + b"\0")
    key = f"intake-seen/{fingerprint.hexdigest()}"
    try:
        seen = limiter.storage.incr(key, SEEN_SECONDS)
    except Exception:  # noqa: BLE001 - a storage hiccup must not refuse a citizen: count the attempt
        current_app.logger.warning("rate limit storage unavailable for the double-click check")
        return 1
    return 1 if seen == 1 else 0


def wait_message(seconds: int) -> str:
    wait = ngettext("%(num)d giây", "%(num)d giây", seconds) if seconds < 90 else \
        ngettext("%(num)d phút", "%(num)d phút", math.ceil(seconds / 60))
    return _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn nên đơn này chưa được gửi. Vui lòng đợi "
             "khoảng %(wait)s rồi bấm “Gửi đơn” lần nữa: thông tin bạn đã nhập vẫn được giữ nguyên.", wait=wait)
