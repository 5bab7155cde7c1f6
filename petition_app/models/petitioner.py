"""The person or organisation behind a case (người khiếu nại, tố cáo, kiến nghị, phản ánh).

Kept in its own table: a denouncer's identity is confidential by law
(Luật Tố cáo 2018, Điều 47) and must never travel with the case by accident.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.cases import PetitionerType
from ..domain.search import person_search_text
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow

SEARCHED_FIELDS = ("full_name", "org_name", "rep_name", "citizen_id", "tax_code", "phone", "email")


def _search_text_default(context) -> str:
    values = context.get_current_parameters()
    return person_search_text(**{f: values.get(f) for f in SEARCHED_FIELDS})


class Petitioner(db.Model):
    __tablename__ = "petitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    type = mapped_column(enum_column(PetitionerType), nullable=False)
    full_name: Mapped[str | None] = mapped_column(sa.String(200))
    citizen_id: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(16), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(320), index=True)
    address: Mapped[str | None] = mapped_column(sa.String(500))
    org_name: Mapped[str | None] = mapped_column(sa.String(300))
    tax_code: Mapped[str | None] = mapped_column(sa.String(14), index=True)
    rep_name: Mapped[str | None] = mapped_column(sa.String(200))
    rep_position: Mapped[str | None] = mapped_column(sa.String(200))
    rep_contact: Mapped[str | None] = mapped_column(sa.String(200))
    cosigner_names = mapped_column(sa.JSON, nullable=False, default=list)
    # The language the citizen filed in (vi, en): what their e-mails are written in.
    language: Mapped[str] = mapped_column(sa.String(5), default="vi", server_default="vi")
    # Once a denouncer, always protected: stays set if the case is reclassified, copied to split parts.
    # domain.search.person_search_text: what a staff search by name, CCCD, phone or e-mail matches
    # (trigram-indexed on PostgreSQL). Personal data, so it lives here and not on the case.
    search_text: Mapped[str | None] = mapped_column(sa.Text, default=_search_text_default)
    is_protected: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Nghị định 13/2023/NĐ-CP: when consent to process personal data was given.
    consent_at = mapped_column(UTCDateTime(), nullable=False)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    @property
    def display_name(self) -> str:
        if self.type is PetitionerType.ORGANISATION:
            return self.org_name or ""
        return self.full_name or ""


@sa.event.listens_for(Petitioner, "before_update")
def _refresh_search_text(_mapper, _connection, person: Petitioner) -> None:
    state = sa.inspect(person)
    if any(state.attrs[f].history.has_changes() for f in SEARCHED_FIELDS):
        person.search_text = person_search_text(**{f: getattr(person, f) for f in SEARCHED_FIELDS})
