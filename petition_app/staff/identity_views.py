"""Revealing a denouncer's identity on the case page: a typed reason and a recent second factor."""
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from flask import abort
from flask_login import current_user

from ..auth import mark_second_factor_verified, second_factor_verified_at
from ..clock import utcnow
from ..domain.second_factor import is_fresh
from ..services import access, cases, second_factor
from ..services.refusals import Refused
from ..services.sign_in import AccountLocked
from .second_factor_forms import RevealForm
from .second_factor_views import locked_message
from .views import _case_page, bp

T = TypeVar("T")


def checked_reveal(form: RevealForm, reveal: Callable[[str, datetime | None, datetime], T]) -> T | None:
    """Run ``reveal(reason, second_factor_at, now)`` once the form's reason is given and, if the
    last code is older than FRESH_FOR, the code typed checks; None, with the errors next to the
    fields, when refused. Every page that reveals a denouncer's identity goes through here."""
    now = utcnow()
    if not form.validate():
        return None
    try:
        if form.code.data and not is_fresh(second_factor_verified_at(), now):
            second_factor.verify(current_user, form.code.data, now=now)
            mark_second_factor_verified()
        return reveal(form.reason.data, second_factor_verified_at(), now)
    except AccountLocked as locked:
        form.code.errors.append(locked_message(locked.minutes))
    except Refused as refusal:
        form[refusal.field].errors.append(refusal.message)
    return None


@bp.post("/cases/<id:case_id>/danh-tinh")
def reveal_identity(case_id):
    """Show a denouncer's identity once: a typed reason and a recent second factor; audited."""
    case = cases.get_case(current_user, case_id)
    if not access.may_reveal_identity(current_user, case):
        abort(403)
    form = RevealForm()
    revealed = checked_reveal(form, lambda reason, at, now: cases.reveal_identity(
        current_user, case_id, reason, second_factor_at=at, now=now))
    if revealed is not None:
        return _case_page(revealed, revealed=True)
    return _case_page(case, status=422, reveal_form=form)
