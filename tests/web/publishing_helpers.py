"""Cases brought to the point of resolution, and the resolve form filled as a browser does."""
import re

import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services.workflow import ActionInput, take_action
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit


def case_in_hand(app, make_user, kind: str, unit_code="CCTDC", **changes) -> Case:
    """A case of ``kind`` filed through the public form and accepted into ``unit_code``."""
    submit(app.test_client(), {**VALID[kind], **changes})
    case = db.session.scalars(sa.select(Case).order_by(Case.id.desc())).first()
    unit_id = db.session.scalar(sa.text("select id from units where code = :c"), {"c": unit_code})
    supervisor = make_user(Role.SUPERVISOR, "VP")
    take_action(case.id, Action.ACCEPT, supervisor, version=case.version, now=case.received_at,
                given=ActionInput(unit_id=unit_id))
    db.session.refresh(case)
    return case


def resolve_form(client, case):
    page = client.get(f"/staff/cases/{case.id}")
    body = page.get_data(as_text=True)
    version = re.search(r'id="resolve-version" name="resolve-version" type="hidden" value="(\d+)"', body).group(1)
    return page, {"csrf_token": csrf_token(page), "resolve-version": version}


def resolve(client, case, **fields):
    """POST the resolve form; booleans are sent as a checked box ("y") or left out."""
    _, data = resolve_form(client, case)
    for name, value in fields.items():
        if value is True:
            data[f"resolve-{name}"] = "y"
        elif value not in (False, None):
            data[f"resolve-{name}"] = value
    return client.post(f"/staff/cases/{case.id}/actions/resolve", data=data)
