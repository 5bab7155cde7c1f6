"""SQLAlchemy models, one module per aggregate."""
from .api import ApiPartner, ApiToken
from .case import Attachment, Case, CaseCoordination, CaseEvent, CaseExtension, CaseHold, CaseLink
from .information import InformationProvision, PublishedInformation
from .operations import SchedulerHeartbeat
from .outbox import OutboxMessage, OutboxStatus
from .people import SignInRecord, Unit, UnknownSignIn, User
from .petitioner import Petitioner
from .publication import Publication
from .reception import ReceptionSession, Visit, VisitEvent, Visitor
from .routing import RoutingRule
from .second_factor import RecoveryCode, SecondFactor
from .settings import AdminEvent, CalendarOverride, SlaPolicy

__all__ = [
    "AdminEvent",
    "ApiPartner",
    "ApiToken",
    "Attachment",
    "CalendarOverride",
    "Case",
    "CaseCoordination",
    "CaseEvent",
    "CaseExtension",
    "CaseHold",
    "CaseLink",
    "InformationProvision",
    "OutboxMessage",
    "OutboxStatus",
    "Petitioner",
    "Publication",
    "PublishedInformation",
    "ReceptionSession",
    "RecoveryCode",
    "SignInRecord",
    "RoutingRule",
    "SchedulerHeartbeat",
    "SecondFactor",
    "SlaPolicy",
    "Unit",
    "UnknownSignIn",
    "User",
    "Visit",
    "VisitEvent",
    "Visitor",
]
