"""The outbox for admins: what is waiting, sent, failed (with its last error) or cancelled; retry
and cancel, each audited. Recipients are shown masked."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..ids import parse_id
from ..models import OutboxStatus
from ..services import outbox
from .views import bp


@bp.get("/hop-thu-di")
def outbox_page():
    try:
        status = OutboxStatus(request.args.get("trang_thai", OutboxStatus.FAILED.value))
    except ValueError:
        abort(404)
    before = parse_id(request.args.get("truoc")) if request.args.get("truoc") else None
    rows = outbox.messages(status, before)
    more = len(rows) == outbox.PAGE_SIZE
    return render_template("admin/outbox.html", status=status, rows=rows, counts=outbox.counts(), more=more,
                           masked=outbox.masked, statuses=list(OutboxStatus))


@bp.post("/hop-thu-di/<id:message_id>/<action>")
def outbox_action(message_id, action):
    if action not in ("gui-lai", "huy"):
        abort(404)
    change = outbox.retry if action == "gui-lai" else outbox.cancel
    try:
        message = change(message_id, actor=current_user, now=utcnow())
    except outbox.OutboxRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Thư #%(id)s sẽ được gửi lại ở lượt gửi tới.", id=message.id) if action == "gui-lai"
              else _("Đã huỷ thư #%(id)s.", id=message.id), "success")
    return redirect(url_for("admin.outbox_page", trang_thai=request.form.get("trang_thai", "failed")), code=303)
