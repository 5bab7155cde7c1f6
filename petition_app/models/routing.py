"""Routing rules, edited by admins."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import CaseKind
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class RoutingRule(db.Model):
    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[int] = mapped_column(default=100)
    kind = mapped_column(enum_column(CaseKind))
    category: Mapped[str | None] = mapped_column(sa.String(50))
    keywords: Mapped[str | None] = mapped_column(sa.String(1000))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False)

    unit = relationship("Unit")
