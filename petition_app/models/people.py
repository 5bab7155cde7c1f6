"""Staff and the organisation: units (phòng, chi cục, trung tâm) and users."""
import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.cases import Role
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    users = relationship("User", back_populates="unit")

    def __repr__(self):
        return f"<Unit {self.code}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(320))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role = mapped_column(enum_column(Role), nullable=False)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_login_at = mapped_column(UTCDateTime())
    # Stored in each session at sign-in; raising it ends every session of the user.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_sign_in_at = mapped_column(UTCDateTime())
    locked_until = mapped_column(UTCDateTime())
    # Set by an admin's password reset: the user must choose their own password before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    unit = relationship("Unit", back_populates="users")

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<User {self.username} {self.role.value}>"


class UnknownSignIn(db.Model):
    """Failed sign-ins under a username that has no account, counted like an account's.

    So that a lock shows for every username alike and never tells which exist;
    rows a day old are deleted.
    """

    __tablename__ = "unknown_sign_ins"

    username: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    last_failed_sign_in_at = mapped_column(UTCDateTime(), nullable=False, index=True)
    locked_until = mapped_column(UTCDateTime())


class SignInRecord(db.Model):
    """One sign-in attempt under an existing account (lịch sử đăng nhập), success or failure.

    The address is kept truncated (the last IPv4 octet, all but the first 48 bits of IPv6
    dropped); only the latest ``services.sign_in.HISTORY_KEPT`` rows of a user are kept.
    """

    __tablename__ = "sign_in_records"
    __table_args__ = (sa.Index("ix_sign_in_records_user_at", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    at = mapped_column(UTCDateTime(), nullable=False)
    succeeded: Mapped[bool] = mapped_column(nullable=False)
    address: Mapped[str | None] = mapped_column(sa.String(64))
