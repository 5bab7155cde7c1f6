"""Staff bearer tokens for /api/v1/ (issue 13): issued by admins for one user, shown once, stored
as a SHA-256 (a random 256-bit token needs no slow hash), expiring, revocable. A token acts as its
user: the same role, unit and authorization table as the web pages."""
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain.api_keys import digest, new_key
from ..extensions import db
from ..models import ApiToken, User
from .audit import record_admin_event
from .refusals import Refused

MAX_DAYS = 366
PREFIX = "pst_"  # recognisable in a leaked log or a secret scanner


class TokenRefused(Refused):
    """A token that cannot be issued or revoked."""



def issue(username: str, *, days: int, actor: User | None, now: datetime) -> tuple[ApiToken, str]:
    """A new token for an active member of staff (the only time the token exists in clear)."""
    user = db.session.scalar(sa.select(User).where(User.username == username.strip()))
    if user is None or not user.is_active_account:
        raise TokenRefused("username", _("Không có tài khoản đang hoạt động với tên đăng nhập này."))
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused("days", _("Thời hạn từ 1 đến %(max)s ngày.", max=MAX_DAYS))
    token = PREFIX + new_key()
    row = ApiToken(user_id=user.id, token_hash=digest(token), token_prefix=token[len(PREFIX):][:6],
                   created_at=now, created_by_id=actor.id if actor else None, expires_at=now + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    record_admin_event("api_token.issued", actor=actor, now=now,
                       data={"token": row.id, "user": user.username, "prefix": row.token_prefix, "days": days})
    db.session.commit()
    return row, token


def revoke(token_id: int, *, actor: User | None, now: datetime) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        raise TokenRefused("token", _("Không có mã truy cập đang dùng này (có thể đã bị thu hồi)."))
    row.revoked_at = now
    record_admin_event("api_token.revoked", actor=actor, now=now,
                       data={"token": row.id, "user": row.user.username, "prefix": row.token_prefix})
    db.session.commit()
    return row


def authenticate(token: str | None, *, now: datetime) -> User | None:
    """The active user holding an unexpired, unrevoked ``token``, or None. Its last use is
    recorded at most once a minute, so that reads cost no write."""
    if not token:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest(token),
                                                      ApiToken.revoked_at.is_(None), ApiToken.expires_at > now))
    if row is None or not row.user.is_active_account:
        return None
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
        db.session.commit()
    return row.user


def tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None),
                                                                 ApiToken.created_at.desc())))
