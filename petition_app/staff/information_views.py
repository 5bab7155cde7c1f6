"""Access to information on the staff side: the answer to a request on its case page, and the
register of information provided on request (sổ theo dõi cung cấp thông tin theo yêu cầu)
with its XLSX and CSV exports."""
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import local_date, utcnow
from ..domain.cases import CaseKind
from ..i18n import label
from ..services import cases, information_requests
from ..services.information_export import csv_lines, write_xlsx
from ..services.information_requests import InformationRefused
from .information_forms import AnswerForm, RegisterFilterForm
from .views import _case_page, bp

PREFIX = "info-"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_context_processor
def _information_panel():
    """``information_panel(case)`` for the case page: the recorded answer and, for those who may
    record it, the form (the one that just failed, if any)."""
    def information_panel(case):
        if case.kind is not CaseKind.INFO_REQUEST:
            return None
        answer = information_requests.answer_of(case)
        may_answer = information_requests.may_answer(current_user, case)
        form = g.get("information_form")
        if form is None and may_answer:
            form = AnswerForm(formdata=None, prefix=PREFIX)
            form.fill(case, answer)
        return {"answer": answer, "form": form if may_answer else None}
    return {"information_panel": information_panel}


@bp.post("/cases/<id:case_id>/information")
def record_information(case_id):
    case = cases.get_case(current_user, case_id)
    if not information_requests.may_answer(current_user, case):
        abort(404)
    form = AnswerForm(prefix=PREFIX)
    if form.validate():
        try:
            information_requests.record_answer(case.id, current_user, form.to_input(), now=utcnow())
        except InformationRefused as refusal:
            for field, message in refusal.problems:
                form[field].errors.append(message)
        except PermissionError:
            abort(404)
        else:
            flash(_("Đã ghi trả lời yêu cầu cung cấp thông tin."), "success")
            return redirect(url_for("staff.case_detail", case_id=case.id) + "#information-title", code=303)
    g.information_form = form
    return _case_page(cases.get_case(current_user, case_id), status=422)


def _register_form():
    form = RegisterFilterForm(request.args)
    form.fill_choices(cases.active_units())
    return form


def _download_name(ext):
    return f"so-cung-cap-thong-tin-{local_date(utcnow()).strftime('%Y%m%d')}.{ext}"


@bp.get("/information-register")
def information_register():
    form = _register_form()
    if request.args and not form.validate():
        return render_template("staff/information_register.html", form=form, rows=[], query=""), 422
    rows = information_requests.register_rows(current_user, form.to_filter() if request.args else
                                              information_requests.RegisterFilter())
    return render_template("staff/information_register.html", form=form, rows=rows,
                           query=request.query_string.decode("ascii", "replace"))


def _export_rows():
    form = _register_form()
    if not form.validate():
        return None
    return information_requests.register_rows(current_user, form.to_filter())


@bp.get("/information-register.xlsx")
def information_register_xlsx():
    rows = _export_rows()
    if rows is None:
        return information_register()
    body = write_xlsx(rows, label, _("Sổ theo dõi cung cấp thông tin"))
    disposition = f'attachment; filename="{_download_name("xlsx")}"'
    return Response(body, mimetype=XLSX, headers={"Content-Disposition": disposition,
                                                  "Cache-Control": "private, no-store"})


@bp.get("/information-register.csv")
def information_register_csv():
    rows = _export_rows()
    if rows is None:
        return information_register()
    return Response("".join(csv_lines(rows, label)).encode("utf-8"), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{_download_name("csv")}"', "Cache-Control": "private, no-store"})
