"""A citizen asks for the personal data held about them in a case (Nghị định 13/2023/NĐ-CP, Điều
14): the tracking code, a one-time code by e-mail, then the request is recorded. Every answer is
the same whether or not the case exists or has an e-mail; rate limited like the intake form."""
from flask import current_app, render_template
from flask_babel import gettext as _

from ..clock import utcnow
from ..domain.personal_data import CODE_LIFETIME, Verdict
from ..domain.tracking import normalize_tracking_code
from ..extensions import limiter
from ..services import personal_data_requests
from .personal_data_forms import DataRequestCodeForm, DataRequestForm
from .views import bp

_MINUTES = int(CODE_LIFETIME.total_seconds() // 60)


def _limit():
    return current_app.config["INTAKE_RATE_LIMIT"]


@bp.route("/du-lieu-ca-nhan", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def personal_data_request():
    form = DataRequestForm()
    if not form.is_submitted():
        return render_template("public/personal_data.html", form=form)
    if not form.validate():
        return render_template("public/personal_data.html", form=form), 422
    code = normalize_tracking_code(form.tracking_code.data)
    personal_data_requests.send_code(code, now=utcnow())
    return render_template("public/personal_data_code.html", form=DataRequestCodeForm(tracking_code=code),
                           minutes=_MINUTES)


_REFUSALS = {
    Verdict.WRONG: lambda: _("Mã xác nhận không đúng. Vui lòng kiểm tra lại thư điện tử mới nhất của Sở."),
    Verdict.EXPIRED: lambda: _("Mã xác nhận đã hết hạn. Vui lòng quay lại bước trước để nhận mã mới."),
    Verdict.SPENT: lambda: _("Mã xác nhận đã bị khóa vì nhập sai quá nhiều lần. Vui lòng quay lại bước trước "
                             "để nhận mã mới."),
}


@bp.post("/du-lieu-ca-nhan/xac-nhan")
@limiter.limit(_limit)
def personal_data_confirm():
    form = DataRequestCodeForm()
    if form.validate():
        verdict = personal_data_requests.verify(form.tracking_code.data, form.code.data, now=utcnow())
        if verdict is Verdict.ACCEPTED:
            return render_template("public/personal_data_done.html",
                                   hours=current_app.config["PERSONAL_DATA_RESPONSE_HOURS"])
        form.code.errors.append(_REFUSALS[verdict]())
    return render_template("public/personal_data_code.html", form=form, minutes=_MINUTES), 422
