"""Keys for partner systems filing through Open311: issued by admins, shown once, stored as a
SHA-256 (a random 256-bit key needs no slow hash), revocable, every change audited."""
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..domain.api_keys import digest, new_key
from ..extensions import db, savepoint
from ..models import ApiPartner, User
from .audit import record_admin_event
from .refusals import Refused


class PartnerRefused(Refused):
    """A key that cannot be issued or revoked."""



def issue(name: str, *, actor: User | None, now: datetime) -> tuple[ApiPartner, str]:
    """A new partner and its key (the only time the key exists outside the partner's hands)."""
    key = new_key()
    partner = ApiPartner(name=name.strip(), key_hash=digest(key), key_prefix=key[:6], created_at=now,
                         created_by_id=actor.id if actor else None)
    try:
        with savepoint():
            db.session.add(partner)
    except IntegrityError:
        raise PartnerRefused("name", _("Đã có đối tác tên này.")) from None
    record_admin_event("api_partner.issued", actor=actor, now=now, data={"partner": partner.name,
                                                                         "prefix": partner.key_prefix})
    db.session.commit()
    return partner, key


def revoke(partner_id: int, *, actor: User | None, now: datetime) -> ApiPartner:
    partner = db.session.get(ApiPartner, partner_id)
    if partner is None or partner.revoked_at is not None:
        raise PartnerRefused("name", _("Không có khoá đang dùng này (có thể đã bị thu hồi)."))
    partner.revoked_at = now
    partner.revoked_by_id = actor.id if actor else None
    record_admin_event("api_partner.revoked", actor=actor, now=now, data={"partner": partner.name,
                                                                          "prefix": partner.key_prefix})
    db.session.commit()
    return partner


def authenticate(key: str | None, *, now: datetime) -> ApiPartner | None:
    """The active partner holding ``key``, or None; its last use is recorded (the caller commits)."""
    if not key:
        return None
    partner = db.session.scalar(sa.select(ApiPartner).where(ApiPartner.key_hash == digest(key),
                                                            ApiPartner.revoked_at.is_(None)))
    if partner is not None:
        partner.last_used_at = now
    return partner


def partners() -> list[ApiPartner]:
    return list(db.session.scalars(sa.select(ApiPartner).order_by(ApiPartner.revoked_at.is_not(None),
                                                                   ApiPartner.name)))
