"""The information the department publishes of its own accord (/thong-tin-cong-khai,
Luật Tiếp cận thông tin 2016, Điều 17, 19): a list by field, and its files."""
from flask import abort, render_template, request, send_file

from ..domain.cases import Category
from ..services import published_information as publication
from ..services.attachments import path_of
from .views import bp


@bp.get("/thong-tin-cong-khai")
def published_information():
    try:
        field = Category(request.args["linh-vuc"]) if request.args.get("linh-vuc") else None
    except ValueError:
        field = None
    return render_template("public/published_information.html", entries=publication.entries(field), field=field,
                           fields=list(Category))


@bp.get("/thong-tin-cong-khai/<int:entry_id>/tep")
def published_file(entry_id):
    entry = publication.get_entry(entry_id)
    if entry is None or entry.storage_name is None or not path_of(entry.storage_name).is_file():
        abort(404)
    response = send_file(path_of(entry.storage_name), mimetype=entry.content_type, as_attachment=True,
                         download_name=entry.file_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
