"""Information the department publishes of its own accord (công khai thông tin, Luật Tiếp cận
thông tin 2016, Điều 17, 19): admins keep the list — title, field, date, a link or a file —
every change in the admins' audit trail; the public reads it at /thong-tin-cong-khai."""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..clock import local_date
from ..domain.cases import Category, Role
from ..extensions import db
from ..models import PublishedInformation, User
from .attachments import CheckedUpload, discard, store
from .audit import record_admin_event
from .refusals import Refused


class PublicationRefused(Refused):
    """An entry that cannot be saved."""


@dataclass
class PublicationData:
    title: str
    field: Category
    published_on: date
    link: str | None = None


def _check(actor: User, data: PublicationData, has_file: bool, now: datetime) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionError
    if data.published_on > local_date(now):
        raise PublicationRefused("published_on", _("Ngày công khai không thể sau hôm nay."))
    if not data.link and not has_file:
        raise PublicationRefused("link", _("Ghi địa chỉ trang đã đăng, hoặc tải lên tệp văn bản."))


def _audit(action: str, entry: PublishedInformation, actor: User, now: datetime, **extra) -> None:
    record_admin_event(f"published_information.{action}", actor=actor, now=now, data={
        "id": entry.id, "title": entry.title, "field": entry.field.value,
        "published_on": entry.published_on.isoformat(), "link": entry.link, "file": entry.file_name, **extra})


def create_entry(actor: User, data: PublicationData, upload: CheckedUpload | None, *,
                 now: datetime) -> PublishedInformation:
    """1. Admins only; a date not in the future; a link or a file.
    2. The file stored under a random name, the entry, the audit entry; one commit (the file is
       removed if the commit fails)."""
    _check(actor, data, upload is not None, now)
    entry = PublishedInformation(**vars(data), created_at=now, updated_at=now, created_by_id=actor.id)
    written = _attach(entry, upload)
    try:
        db.session.add(entry)
        db.session.flush()
        _audit("created", entry, actor, now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard(written)
        raise
    return entry


def update_entry(actor: User, entry_id: int, data: PublicationData, upload: CheckedUpload | None,
                 remove_file: bool, *, now: datetime) -> PublishedInformation | None:
    """Change an entry (None if there is none); a new file replaces the old, which is deleted
    once the change is committed."""
    entry = db.session.get(PublishedInformation, entry_id)
    if entry is None:
        return None
    keeps_file = entry.storage_name is not None and not remove_file
    _check(actor, data, upload is not None or keeps_file, now)
    before = {"title": entry.title, "field": entry.field.value, "published_on": entry.published_on.isoformat(),
              "link": entry.link, "file": entry.file_name}
    old_file = entry.storage_name if (upload is not None or remove_file) else None
    for name, value in vars(data).items():
        setattr(entry, name, value)
    if old_file:
        entry.storage_name = entry.file_name = entry.content_type = None
    written = _attach(entry, upload)
    entry.updated_at = now
    try:
        db.session.flush()
        _audit("updated", entry, actor, now, before=before)
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard(written)
        raise
    if old_file:
        discard([old_file])
    return entry


def delete_entry(actor: User, entry_id: int, *, now: datetime) -> bool:
    if actor.role is not Role.ADMIN:
        raise PermissionError
    entry = db.session.get(PublishedInformation, entry_id)
    if entry is None:
        return False
    _audit("deleted", entry, actor, now)
    stored = entry.storage_name
    db.session.delete(entry)
    db.session.commit()
    if stored:
        discard([stored])
    return True


def _attach(entry: PublishedInformation, upload: CheckedUpload | None) -> list[str]:
    if upload is None:
        return []
    storage_name, _digest = store(upload)
    entry.storage_name, entry.file_name, entry.content_type = storage_name, upload.display_name, \
        upload.file_type.value
    return [storage_name]


def entries(field: Category | None = None) -> list[PublishedInformation]:
    """Newest first; one field's when given."""
    query = sa.select(PublishedInformation).order_by(PublishedInformation.published_on.desc(),
                                                     PublishedInformation.id.desc())
    if field is not None:
        query = query.where(PublishedInformation.field == field)
    return list(db.session.scalars(query))


def get_entry(entry_id: int) -> PublishedInformation | None:
    return db.session.get(PublishedInformation, entry_id)
