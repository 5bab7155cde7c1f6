"""SQLAlchemy models, one module per aggregate."""
from .api import ApiPartner, ApiToken
from .case import Attachment, Case, CaseCoordination, CaseEvent, CaseExtension, CaseHold, CaseLink
from .information import InformationProvision, PublishedInformation
from .operations import SchedulerHeartbeat
from .outbox import OutboxMessage, OutboxStatus
from .people import SignInRecord, Unit, UnknownSignIn, User
from .personal_data import PersonalDataRequest
from .petitioner import Petitioner
from .publication import Publication
from .reception import ReceptionSession, Visit, VisitEvent, Visitor
from .reports import ReportOpeningBalance
from .routing import RoutingRule
from .second_factor import RecoveryCode, SecondFactor
from .settings import AdminEvent, CalendarOverride, RetentionPolicy, SlaPolicy

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
    "PersonalDataRequest",
    "Petitioner",
    "Publication",
    "PublishedInformation",
    "ReceptionSession",
    "ReportOpeningBalance",
    "RetentionPolicy",
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
