"""Citizens' requests for their personal data (Nghị định 13/2023/NĐ-CP, Điều 14): the list with each
request's deadline (leadership and admins), the data held and its sending (leadership only)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..services import personal_data_requests
from .identity import reveal_offer
from .identity_views import checked_reveal
from .second_factor_forms import RevealForm
from .views import bp


@bp.get("/du-lieu-ca-nhan")
def personal_data_requests_page():
    now = utcnow()
    rows = personal_data_requests.requests(current_user, now=now)
    return render_template("staff/personal_data_requests.html", rows=rows,
                           may_fulfil=current_user.role in personal_data_requests.FULFIL_ROLES)


@bp.get("/du-lieu-ca-nhan/<id:request_id>")
def personal_data_request_page(request_id):
    held = personal_data_requests.assemble(current_user, request_id)
    return render_template("staff/personal_data_request.html", held=held, reveal=reveal_offer(True, None))


@bp.post("/du-lieu-ca-nhan/<id:request_id>/xem")
def reveal_personal_data(request_id):
    """A denouncer's data, as on the case page: a typed reason and a recent second factor."""
    held = personal_data_requests.assemble(current_user, request_id)
    if not held.protected:  # nothing is hidden: nothing to reveal
        return render_template("staff/personal_data_request.html", held=held)
    form = RevealForm()
    revealed = checked_reveal(form, lambda reason, at, now: personal_data_requests.reveal(
        current_user, request_id, reason, second_factor_at=at, now=now))
    if revealed is not None:
        return render_template("staff/personal_data_request.html", held=revealed, revealed=True)
    return render_template("staff/personal_data_request.html", held=held, reveal=reveal_offer(True, form)), 422


@bp.post("/du-lieu-ca-nhan/<id:request_id>/gui")
def fulfil_personal_data_request(request_id):
    try:
        personal_data_requests.fulfil(current_user, request_id, now=utcnow())
    except personal_data_requests.AlreadyFulfilled:
        flash(_("Yêu cầu này đã được đáp ứng trước đó."), "info")
    else:
        flash(_("Đã xếp thư gửi dữ liệu cá nhân tới địa chỉ đã xác nhận."), "success")
    return redirect(url_for("staff.personal_data_request_page", request_id=request_id), code=303)
