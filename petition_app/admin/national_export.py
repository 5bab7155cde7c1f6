"""The national database export for admins (Nghị định 55/2022/NĐ-CP): choose the day the changes
start from and the format; the file streams out, and the admins' trail keeps who took which range."""
from flask import Response, render_template, request, stream_with_context
from flask_login import current_user

from ..clock import local_date, utcnow
from ..services import national_export
from .forms import NationalExportForm
from .views import bp

_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


@bp.route("/xuat-csdl-quoc-gia", methods=["GET", "POST"])
def national_export_page():
    form = NationalExportForm()
    if request.method == "POST" and form.validate():
        now = utcnow()
        try:
            chunks = national_export.export(form.since.data, form.file_format.data, actor=current_user, now=now)
        except national_export.ExportRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            since = form.since.data.strftime("%Y%m%d") if form.since.data else "all"
            name = f"csdl-quoc-gia-{since}-{local_date(now):%Y%m%d}.{form.file_format.data}"
            return Response(stream_with_context(chunks), mimetype=_TYPES[form.file_format.data],
                            headers={"Content-Disposition": f'attachment; filename="{name}"',
                                     "Cache-Control": "private, no-store"})
    status = 422 if request.method == "POST" else 200
    return render_template("admin/national_export.html", form=form,
                           exports=national_export.recent_exports()), status
