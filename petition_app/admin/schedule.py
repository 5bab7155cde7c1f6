"""The leaders' reception schedule (lịch tiếp công dân định kỳ): admins publish the head's days."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..services import reception_schedule
from ..services.reception_schedule import SessionRefused
from .forms import SessionForm
from .views import bp


@bp.route("/lich-tiep-cong-dan", methods=["GET", "POST"])
def reception_schedule_page():
    form = SessionForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                reception_schedule.publish_session(current_user, form.to_data(), now=utcnow())
            except SessionRefused as refusal:
                form[refusal.field].errors.append(refusal.message)
            else:
                flash(_("Đã công bố buổi tiếp công dân."), "success")
                return redirect(url_for("admin.reception_schedule_page"), code=303)
        status = 422
    return render_template("admin/reception_schedule.html", form=form,
                           sessions=reception_schedule.upcoming(utcnow(), limit=100)), status


@bp.post("/lich-tiep-cong-dan/<int:session_id>/go")
def withdraw_reception_session(session_id):
    try:
        reception_schedule.withdraw_session(current_user, session_id, now=utcnow())
    except SessionRefused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("admin.reception_schedule_page"), code=303)
    except PermissionError:
        abort(404)
    flash(_("Đã gỡ buổi tiếp khỏi lịch."), "success")
    return redirect(url_for("admin.reception_schedule_page"), code=303)
