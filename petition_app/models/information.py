"""Access to information: how each request was answered, and what the department publishes
of its own accord (Luật Tiếp cận thông tin 2016)."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import Category, DeliveryMethod, InfoForm
from ..domain.information import Ground, Provision
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class InformationProvision(db.Model):
    """The answer to an information request (one per case): what was asked, in which form and
    how delivered (Điều 24), whether it was provided at once, partly, later (with the notice of
    the timeline, Điều 31) or refused on a ground of the law (Điều 28), and the fees (Điều 12)."""

    __tablename__ = "information_provisions"
    __table_args__ = (
        sa.CheckConstraint("copy_fee >= 0 AND delivery_fee >= 0", name="fees_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True)
    requested_info: Mapped[str] = mapped_column(sa.Text)
    info_form = mapped_column(enum_column(InfoForm), nullable=False)
    delivery = mapped_column(enum_column(DeliveryMethod), nullable=False)
    provision = mapped_column(enum_column(Provision), nullable=False)
    provided_on = mapped_column(sa.Date)
    notice_on = mapped_column(sa.Date)  # the notice of the timeline (Điều 31(2))
    promised_by = mapped_column(sa.Date)
    ground = mapped_column(enum_column(Ground))
    published_link: Mapped[str | None] = mapped_column(sa.String(500))
    explanation: Mapped[str | None] = mapped_column(sa.Text)  # told to the citizen with the ground
    copy_fee: Mapped[int] = mapped_column(default=0, server_default="0")  # đồng (Thông tư 46/2018/TT-BTC)
    delivery_fee: Mapped[int] = mapped_column(default=0, server_default="0")
    recorded_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case = relationship("Case")

    @property
    def total_fee(self) -> int:
        return self.copy_fee + self.delivery_fee


class PublishedInformation(db.Model):
    """Information the department publishes of its own accord (công khai thông tin, Điều 17, 19):
    a title, a field, the day published, and a link or an uploaded file."""

    __tablename__ = "published_information"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    field = mapped_column(enum_column(Category), nullable=False)
    published_on = mapped_column(sa.Date, nullable=False, index=True)
    link: Mapped[str | None] = mapped_column(sa.String(500))
    storage_name: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    file_name: Mapped[str | None] = mapped_column(sa.String(200))
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
