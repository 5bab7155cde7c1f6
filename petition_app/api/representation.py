"""Cases as the staff API returns them: what the case page shows, under the same rules. A
protected denouncer's identity is replaced by the page's alias ("Người tố cáo #A7")."""
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from ..i18n import event_label, label
from ..models import Case, User
from ..services import access, cases, deadlines
from . import schemas


def _ref(obj, name: str) -> schemas.Ref | None:
    return schemas.Ref(id=obj.id, name=getattr(obj, name)) if obj is not None else None


def summary(case: Case, state=None) -> dict:
    return dict(
        id=case.id, tracking_code=case.tracking_code, kind=case.kind, kind_label=label(case.kind),
        status=case.status, status_label=label(case.status), channel=case.channel, subject=case.subject,
        category=case.category, unit=_ref(case.unit, "name"), assignee=_ref(case.assignee, "full_name"),
        received_at=case.received_at, next_due=case.next_due, deadline_state=state, version=case.version)


def petitioner(case: Case) -> schemas.Petitioner | None:
    person = case.petitioner
    if person is None:
        return None
    if access.identity_is_protected(case):
        alias = _("Người tố cáo #%(alias)s", alias=cases.pseudonym(case, current_app.config["SECRET_KEY"]))
        return schemas.Petitioner(protected=True, alias=alias, type=None, full_name=None, citizen_id=None,
                                  phone=None, email=None, address=None, org_name=None)
    return schemas.Petitioner(protected=False, alias=None, type=person.type, full_name=person.full_name,
                              citizen_id=person.citizen_id, phone=person.phone, email=person.email,
                              address=person.address, org_name=person.org_name)


def detail(user: User, case: Case, now: datetime) -> schemas.CaseDetail:
    explained = deadlines.explain(case, now)
    current = next((e.state for e in explained if e.deadline.due == case.next_due and e.state), None)
    links, hidden = cases.links_of(user, case)
    return schemas.CaseDetail(
        **summary(case, current), content=case.content, petitioner=petitioner(case), is_anonymous=case.is_anonymous,
        outcome=case.outcome, decision_number=case.decision_number, decision_date=case.decision_date,
        deadlines=[schemas.DeadlineOut(
            phase=e.deadline.phase, phase_label=label(e.deadline.phase), due=e.deadline.due,
            counted_from=e.deadline.counted_from, days=e.deadline.days, day_unit=label(e.deadline.period.unit),
            citation=e.deadline.period.citation, extended_by=e.deadline.extended_by, state=e.state,
            done_on=e.done_on, stopped_on=e.stopped_on, days_late=e.days_late,
            skipped=[schemas.SkippedDay(day=day, reason=str(reason)) for day, reason in e.skipped])
            for e in explained],
        events=[schemas.EventOut(id=ev.id, at=ev.at, action=ev.action, label=event_label(ev.action),
                                 actor=ev.actor.full_name if ev.actor else None, from_status=ev.from_status,
                                 to_status=ev.to_status, note=ev.note) for ev in case.events],
        links=[schemas.LinkOut(relation=getattr(relation, "value", str(relation)), case_id=other.id,
                               tracking_code=other.tracking_code) for relation, other in links],
        hidden_links=hidden,
        attachments=[schemas.AttachmentOut(id=a.id, name=a.original_name, content_type=a.content_type,
                                           size_bytes=a.size_bytes, sha256=a.sha256, uploaded_at=a.uploaded_at)
                     for a in case.attachments],
        allowed_actions=access.allowed_actions(user, case),
    )
