"""Every message the system writes, rendered in one place from `templates/mail/`.

Services decide *that* someone is told; this module decides *what* they read,
and queues it in the outbox within the caller's transaction (the caller
commits). Citizens are written to in the language they filed in (Vietnamese unless they used
the English pages), dates dd/mm/yyyy; staff digests are in Vietnamese. The deadline
sweep's reminders are the one exception: they are written set-based in SQL
(``services/sweep.py``) so that a sweep's cost follows the cases that change.
"""
from datetime import date, datetime

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..domain.deadlines import Deadline, DeadlineState, Phase
from ..models import Case, OutboxMessage, User
from ..richtext import markdown_to_text
from .deadlines import citizen_deadlines, resolution_period
from .outbox import enqueue, enqueue_at_once


def _citizen_language(petitioner) -> str:
    """The language the citizen filed in, if the site still offers it."""
    language = petitioner.language or "vi"
    return language if language in current_app.config["LANGUAGES"] else "vi"


def acknowledge_filing(case: Case, deadlines: dict[Phase, Deadline] | None = None) -> int | None:
    """The acknowledgement e-mail (giấy xác nhận tiếp nhận), queued at once; its id, or None if the
    citizen gave no address. ``case``: the new case as intake wrote it (its id set; it may be an
    object the session does not hold). ``deadlines``: the case's, if the caller has just computed them."""
    petitioner = case.petitioner
    if petitioner is None or not petitioner.email:
        return None
    with force_locale(_citizen_language(petitioner)):
        subject = _("Sở KH&CN đã tiếp nhận đơn của bạn — mã tra cứu %(code)s", code=case.tracking_code)
        body = render_template("mail/acknowledgement.txt", case=case, deadlines=citizen_deadlines(case, deadlines))
    return enqueue_at_once(petitioner.email, subject, body, now=case.created_at, case_id=case.id)


def notify_citizen(case: Case, action: str, given, now: datetime) -> OutboxMessage | None:
    """The notice a citizen is owed after ``action`` (with the legal basis of the deadline); a
    denouncer is written to only at their own address. None if there is no address."""
    petitioner = case.petitioner
    if petitioner is None or not petitioner.email:
        return None
    language = _citizen_language(petitioner)
    with force_locale(language):
        subject = _("Thông báo về đơn %(code)s", code=case.tracking_code)
        answer = markdown_to_text(case.answer_source, case.answer_html) if action == "resolve" else None
        body = render_template("mail/action_notice.txt", case=case, action=action, given=given,
                               basis=resolution_period(case).citation, answer_text=answer)
        # The formatted answer as the HTML alternative; the plain text above stays readable on its own.
        html = render_template("mail/answer.html", case=case, lang=language, body=render_template(
            "mail/action_notice.txt", case=case, action=action, given=given, basis=None, answer_text=None)) \
            if answer else None
    return enqueue(petitioner.email, subject, body, now=now, case_id=case.id, body_html=html)


def notify_information_answer(case: Case, answer, now: datetime) -> OutboxMessage | None:
    """The written answer to an information request (Luật Tiếp cận thông tin 2016): provided, the
    timeline (Điều 31), or the refusal with its ground and article (Điều 28(2)), and the fees."""
    petitioner = case.petitioner
    if petitioner is None or not petitioner.email:
        return None
    with force_locale(_citizen_language(petitioner)):
        subject = _("Trả lời yêu cầu cung cấp thông tin %(code)s", code=case.tracking_code)
        body = render_template("mail/information_notice.txt", case=case, answer=answer)
    return enqueue(petitioner.email, subject, body, now=now, case_id=case.id)


def queue_digest(reader: User, cases: list[Case], today: date, *, now: datetime, dedupe_key: str) -> OutboxMessage:
    """The morning digest of overdue and due-soon cases for a unit head or leadership."""
    with force_locale("vi"):
        subject = _("Hồ sơ quá hạn và sắp đến hạn ngày %(day)s", day=today.strftime("%d/%m/%Y"))
        body = render_template("mail/digest.txt", reader=reader, cases=cases, today=today,
                               overdue=[c for c in cases if c.deadline_state is DeadlineState.OVERDUE],
                               due_soon=[c for c in cases if c.deadline_state is DeadlineState.DUE_SOON])
    return enqueue(reader.email, subject, body, now=now, dedupe_key=dedupe_key)


def send_personal_data_code(case: Case, email: str, code: str, *, now: datetime, minutes: int) -> OutboxMessage:
    """The one-time code for a request for one's personal data (Nghị định 13/2023/NĐ-CP, Điều 14)."""
    with force_locale("vi"):
        subject = _("Mã xác nhận yêu cầu cung cấp dữ liệu cá nhân — đơn %(code)s", code=case.tracking_code)
        body = render_template("mail/personal_data_code.txt", case=case, code=code, minutes=minutes)
    return enqueue(email, subject, body, now=now, case_id=case.id)


def send_personal_data(held, *, now: datetime) -> OutboxMessage:
    """The personal data held about the petitioner in a case, to the address the request was verified at."""
    with force_locale("vi"):
        subject = _("Dữ liệu cá nhân của bạn trong đơn %(code)s", code=held.case.tracking_code)
        body = render_template("mail/personal_data.txt", held=held)
    return enqueue(held.request.email, subject, body, now=now, case_id=held.case.id)
