"""What the department offers through Open311 GeoReport v2: a service per kind of case, and the
attributes each kind needs, mapped onto the intake form's fields.

The rules are not repeated here: a request is turned into the public intake form's data and
validated by that form and the intake service (one set of rules for every channel). The
``required`` flags below only describe those rules to clients; a test checks they agree.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..domain.cases import CaseKind, DeliveryMethod, InfoForm

ALL = tuple(CaseKind)
NAMED = (CaseKind.COMPLAINT, CaseKind.DENUNCIATION, CaseKind.INFO_REQUEST)  # never anonymous

DESCRIPTIONS = {
    CaseKind.COMPLAINT: _l("Khiếu nại quyết định hành chính, hành vi hành chính của Sở (Luật Khiếu nại 2011)."),
    CaseKind.DENUNCIATION: _l("Tố cáo hành vi vi phạm pháp luật (Luật Tố cáo 2018). Danh tính người tố cáo "
                              "được giữ bí mật."),
    CaseKind.PETITION: _l("Kiến nghị về chính sách, pháp luật, hoạt động quản lý của Sở (Luật Tiếp công dân 2013)."),
    CaseKind.FEEDBACK: _l("Phản ánh về vụ việc, sự việc trong lĩnh vực khoa học và công nghệ "
                          "(Luật Tiếp công dân 2013)."),
    CaseKind.INFO_REQUEST: _l("Yêu cầu cung cấp thông tin (Luật Tiếp cận thông tin 2016)."),
}
GROUPS = {kind: (_l("Tiếp cận thông tin") if kind is CaseKind.INFO_REQUEST else _l("Khiếu nại, tố cáo, kiến nghị, "
                                                                                    "phản ánh")) for kind in ALL}
KEYWORDS = {
    CaseKind.COMPLAINT: "khieu nai,complaint", CaseKind.DENUNCIATION: "to cao,denunciation",
    CaseKind.PETITION: "kien nghi,petition", CaseKind.FEEDBACK: "phan anh,feedback",
    CaseKind.INFO_REQUEST: "tiep can thong tin,information request",
}


@dataclass(frozen=True)
class Attribute:
    code: str  # sent as attribute[code]
    field: str  # the intake form's field
    datatype: str  # string, number, datetime, text, singlevaluelist
    kinds: tuple[CaseKind, ...]
    required_for: tuple[CaseKind, ...]
    description: str
    values: tuple[tuple[str, str], ...] = ()  # (key, name) for a list


def _values(enum_cls) -> tuple[tuple[str, str], ...]:
    from ..i18n import label

    return tuple((member.value, label(member)) for member in enum_cls)


YES_NO = (("true", _l("Có")), ("false", _l("Không")))


def attributes(kind: CaseKind) -> list[Attribute]:
    """The attributes of one service, in the order a client should ask for them."""
    table = [
        Attribute("consent", "consent", "singlevaluelist", ALL, ALL, _l(
            "Người gửi đồng ý để Sở xử lý dữ liệu cá nhân trong đơn nhằm giải quyết đơn (Nghị định "
            "13/2023/NĐ-CP). Bắt buộc là true."), YES_NO),
        Attribute("subject", "subject", "string", ALL, (), _l(
            "Tiêu đề (tối đa 300 ký tự); nếu không gửi, lấy dòng đầu của description.")),
        Attribute("anonymous", "anonymous", "singlevaluelist", (CaseKind.PETITION, CaseKind.FEEDBACK), (), _l(
            "Gửi không ghi danh (chỉ kiến nghị, phản ánh). Khi đó không gửi họ tên, địa chỉ, liên hệ."), YES_NO),
        Attribute("petitioner_address", "address", "string", ALL, ALL, _l(
            "Địa chỉ liên hệ của người gửi (bắt buộc trừ khi gửi không ghi danh). Không bao giờ được trả về.")),
        Attribute("citizen_id", "citizen_id", "string", ALL, NAMED, _l(
            "Số căn cước công dân (12 chữ số). Không bao giờ được trả về.")),
        Attribute("cosigner_count", "cosigner_count", "number", ALL, (), _l("Tổng số người cùng ký đơn.")),
        Attribute("complained_decision", "complained_decision", "string", (CaseKind.COMPLAINT,),
                  (CaseKind.COMPLAINT,), _l("Quyết định hành chính hoặc hành vi hành chính bị khiếu nại.")),
        Attribute("learned_on", "learned_on", "datetime", (CaseKind.COMPLAINT,), (CaseKind.COMPLAINT,), _l(
            "Ngày biết được quyết định, hành vi (YYYY-MM-DD). Khiếu nại phải gửi trong 90 ngày "
            "(Luật Khiếu nại 2011, Điều 9). Không cần với khiếu nại lần hai.")),
        Attribute("is_second_time", "is_second_time", "singlevaluelist", (CaseKind.COMPLAINT,), (), _l(
            "Khiếu nại lần hai (Luật Khiếu nại 2011, Điều 33)."), YES_NO),
        Attribute("first_decision_number", "first_decision_number", "string", (CaseKind.COMPLAINT,), (), _l(
            "Khiếu nại lần hai: số quyết định giải quyết lần đầu.")),
        Attribute("first_decision_on", "first_decision_on", "datetime", (CaseKind.COMPLAINT,), (), _l(
            "Khiếu nại lần hai: ngày nhận quyết định giải quyết lần đầu (YYYY-MM-DD).")),
        Attribute("first_accepted_on", "first_accepted_on", "datetime", (CaseKind.COMPLAINT,), (), _l(
            "Khiếu nại lần hai chưa có quyết định: ngày khiếu nại lần đầu được thụ lý (YYYY-MM-DD).")),
        Attribute("is_remote", "is_remote", "singlevaluelist", (CaseKind.COMPLAINT,), (), _l(
            "Người khiếu nại ở vùng sâu, vùng xa (thời hạn khiếu nại lần hai 45 ngày)."), YES_NO),
        Attribute("accused", "accused", "string", (CaseKind.DENUNCIATION,), (CaseKind.DENUNCIATION,), _l(
            "Người hoặc cơ quan, đơn vị bị tố cáo.")),
        Attribute("info_form", "info_form", "singlevaluelist", (CaseKind.INFO_REQUEST,), (CaseKind.INFO_REQUEST,),
                  _l("Hình thức nhận thông tin (Luật Tiếp cận thông tin 2016, Điều 24)."), _values(InfoForm)),
        Attribute("info_delivery", "info_delivery", "singlevaluelist", (CaseKind.INFO_REQUEST,),
                  (CaseKind.INFO_REQUEST,), _l("Cách nhận kết quả."), _values(DeliveryMethod)),
    ]
    return [a for a in table if kind in a.kinds]


# The GeoReport parameters outside attribute[…] and the form fields they fill.
STANDARD_FIELDS = {"description": "content", "address_string": "location", "email": "email", "phone": "phone"}
LOCATED = (CaseKind.PETITION, CaseKind.FEEDBACK)  # address_string: where the matter is (required for these)
