"""Information published proactively (công khai thông tin, Luật Tiếp cận thông tin 2016, Điều 17,
19): admins add, change and remove entries; every change goes to the admins' audit trail."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..public.forms import ATTACHMENT_MESSAGES
from ..services import published_information as publication
from ..services.attachments import AttachmentRefused, check_uploads
from ..services.published_information import PublicationRefused
from .publication_forms import PublicationForm
from .views import bp


def _checked_upload(form):
    """The file, checked by its content (one file); None if none was sent. Errors go by the field."""
    upload = form.upload(request.files)
    if upload is None:
        return None, True
    try:
        [checked] = check_uploads([upload])
    except AttachmentRefused as refusal:
        form.document.errors += [str(ATTACHMENT_MESSAGES[code]) % {
            "name": filename[:80], "max": current_app.config["MAX_ATTACHMENTS"]} for code, filename in refusal.problems]
        return None, False
    return checked, True


@bp.route("/cong-khai", methods=["GET", "POST"])
def publications():
    form = PublicationForm()
    status = 200
    if request.method == "POST":
        valid = form.validate()
        checked, file_ok = _checked_upload(form)
        if valid and file_ok:
            try:
                publication.create_entry(current_user, form.to_data(), checked, now=utcnow())
            except PublicationRefused as refusal:
                form[refusal.field].errors.append(refusal.message)
            else:
                flash(_("Đã đăng thông tin công khai."), "success")
                return redirect(url_for("admin.publications"), code=303)
        status = 422
    return render_template("admin/publications.html", form=form, entries=publication.entries()), status


@bp.route("/cong-khai/<int:entry_id>", methods=["GET", "POST"])
def publication_entry(entry_id):
    entry = publication.get_entry(entry_id)
    if entry is None:
        abort(404)
    form = PublicationForm()
    if request.method == "GET":
        form.fill(entry)
        return render_template("admin/publication.html", form=form, entry=entry)
    valid = form.validate()
    checked, file_ok = _checked_upload(form)
    if valid and file_ok:
        try:
            publication.update_entry(current_user, entry_id, form.to_data(), checked, bool(form.remove_file.data),
                                     now=utcnow())
        except PublicationRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            flash(_("Đã lưu thay đổi."), "success")
            return redirect(url_for("admin.publications"), code=303)
    return render_template("admin/publication.html", form=form, entry=entry), 422


@bp.post("/cong-khai/<int:entry_id>/xoa")
def delete_publication(entry_id):
    if not publication.delete_entry(current_user, entry_id, now=utcnow()):
        abort(404)
    flash(_("Đã gỡ thông tin khỏi danh mục công khai."), "success")
    return redirect(url_for("admin.publications"), code=303)
