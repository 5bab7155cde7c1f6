"""The vocabulary of a case: kinds, channels, statuses (see DESIGN.md, "Case lifecycle")."""
from enum import Enum


class CaseKind(str, Enum):
    """Loại đơn, each governed by its own law."""

    COMPLAINT = "complaint"  # khiếu nại — Luật Khiếu nại 2011
    DENUNCIATION = "denunciation"  # tố cáo — Luật Tố cáo 2018
    PETITION = "petition"  # kiến nghị — Luật Tiếp công dân 2013
    FEEDBACK = "feedback"  # phản ánh — Luật Tiếp công dân 2013
    INFO_REQUEST = "info_request"  # yêu cầu cung cấp thông tin — Luật Tiếp cận thông tin 2016

    @property
    def allows_anonymous(self) -> bool:
        """Only petitions and feedback may be filed without identity.

        A complaint needs a complainant with standing (Luật Khiếu nại, Điều 8), a
        denunciation needs an identified denouncer to be accepted (Luật Tố cáo, Điều 23),
        and information is provided to an identified requester (Luật Tiếp cận thông tin, Điều 24).
        """
        return self in (CaseKind.PETITION, CaseKind.FEEDBACK)


class Channel(str, Enum):
    """How the case reached the department (hình thức tiếp nhận)."""

    ONLINE = "online"
    IN_PERSON = "in_person"
    POST = "post"
    EMAIL = "email"
    PHONE = "phone"
    FORWARDED = "forwarded"


class ConsentMeans(str, Enum):
    """How the citizen agreed to the processing of personal data (Nghị định 13/2023/NĐ-CP, Điều 11),
    as the officer who registers a case at the desk records it."""

    IN_PERSON_VERBAL = "in_person_verbal"
    SIGNED_PAPER = "signed_paper"
    IN_LETTER = "in_letter"
    BY_PHONE = "by_phone"


class LateFilingReason(str, Enum):
    """Why a complaint filed after its window is still received (Luật Khiếu nại 2011, Điều 9):
    the time of the obstacle does not count towards the window."""

    ILLNESS = "illness"  # ốm đau
    NATURAL_DISASTER = "natural_disaster"  # thiên tai
    ENEMY_ACTION = "enemy_action"  # địch họa
    AWAY_FAR = "away_far"  # đi công tác, học tập ở nơi xa
    OTHER_OBSTACLE = "other_obstacle"  # trở ngại khách quan khác


class CaseStatus(str, Enum):
    """Lifecycle states; overdue is a clock fact, never a status."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    NOT_ACCEPTED = "not_accepted"
    FORWARDED = "forwarded"
    GUIDED = "guided"
    RETURNED = "returned"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD}
)


class PetitionerType(str, Enum):
    INDIVIDUAL = "individual"
    ORGANISATION = "organisation"


class InfoForm(str, Enum):
    """Hình thức cung cấp thông tin (Luật Tiếp cận thông tin, Điều 24)."""

    COPY = "copy"
    ELECTRONIC = "electronic"
    ON_SITE = "on_site"


class DeliveryMethod(str, Enum):
    """Cách thức nhận thông tin (Luật Tiếp cận thông tin, Điều 24): trực tiếp, bưu điện, fax, mạng điện tử."""

    POST = "post"
    EMAIL = "email"
    PICKUP = "pickup"
    FAX = "fax"


class Signers(str, Enum):
    """Who signed the petition (đơn một người / nhiều người đứng tên / đoàn đông người)."""

    ONE = "one"
    SEVERAL = "several"
    DELEGATION = "delegation"


class Role(str, Enum):
    RECEPTION = "reception"
    HANDLER = "handler"
    UNIT_HEAD = "unit_head"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def sees_all_units(self) -> bool:
        return self in (Role.SUPERVISOR, Role.ADMIN)


class Category(str, Enum):
    """Lĩnh vực of a Department of Science and Technology (seeded; routing rules use them)."""

    STANDARDS_METROLOGY_QUALITY = "standards_metrology_quality"
    INTELLECTUAL_PROPERTY = "intellectual_property"
    RADIATION_SAFETY = "radiation_safety"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    SCIENCE_MANAGEMENT = "science_management"
    DIGITAL_TRANSFORMATION = "digital_transformation"
    INSPECTION = "inspection"
    ADMINISTRATIVE_PROCEDURES = "administrative_procedures"
    OTHER = "other"
