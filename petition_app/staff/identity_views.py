"""Revealing a denouncer's identity on the case page: a typed reason and a recent second factor."""
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


@bp.post("/cases/<id:case_id>/danh-tinh")
def reveal_identity(case_id):
    """Show a denouncer's identity once: a typed reason and a recent second factor; audited."""
    case = cases.get_case(current_user, case_id)
    if not access.may_reveal_identity(current_user, case):
        abort(403)
    form, now = RevealForm(), utcnow()
    if form.validate():
        try:
            if form.code.data and not is_fresh(second_factor_verified_at(), now):
                second_factor.verify(current_user, form.code.data, now=now)
                mark_second_factor_verified()
            case = cases.reveal_identity(current_user, case_id, form.reason.data,
                                         second_factor_at=second_factor_verified_at(), now=now)
        except AccountLocked as locked:
            form.code.errors.append(locked_message(locked.minutes))
        except Refused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            return _case_page(case, revealed=True)
    return _case_page(case, status=422, reveal_form=form)
