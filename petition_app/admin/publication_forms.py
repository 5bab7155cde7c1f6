"""The admin form for information published proactively (Luật Tiếp cận thông tin 2016, Điều 17, 19)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FileField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..domain.cases import Category
from ..forms import Form, PlainText, web_address
from ..i18n import label
from ..services.attachments import Upload
from ..services.published_information import PublicationData


class PublicationForm(Form):
    title = StringField(_l("Tiêu đề"), validators=[
        DataRequired(message=_l("Vui lòng ghi tiêu đề.")), PlainText(), Length(max=300)])
    field = SelectField(_l("Lĩnh vực"), choices=[], validators=[DataRequired(message=_l("Vui lòng chọn lĩnh vực."))])
    published_on = DateField(_l("Ngày công khai"), format=["%d/%m/%Y", "%Y-%m-%d"], validators=[
        InputRequired(message=_l("Vui lòng nhập ngày công khai."))],
        render_kw={"type": "text", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    link = StringField(_l("Địa chỉ trang đã đăng"), validators=[Optional(), Length(max=500), web_address],
                       render_kw={"type": "url", "inputmode": "url"})
    document = FileField(_l("Hoặc tệp văn bản (PDF, DOCX, JPEG, PNG; tối đa 10 MB)"))
    remove_file = BooleanField(_l("Gỡ tệp đang đính kèm"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = [("", _l("— Chọn —"))] + [(c.value, label(c)) for c in Category]

    def fill(self, entry) -> None:
        self.title.data, self.field.data = entry.title, entry.field.value
        self.published_on.data, self.link.data = entry.published_on, entry.link

    def to_data(self) -> PublicationData:
        return PublicationData(title=self.title.data, field=Category(self.field.data),
                               published_on=self.published_on.data, link=self.link.data or None)

    def upload(self, files) -> Upload | None:
        stored = files.get(self.document.name)
        return Upload(stored.filename, stored.stream) if stored and stored.filename else None
