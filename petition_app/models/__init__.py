"""SQLAlchemy models, one module per aggregate."""
from .case import Attachment, Case, CaseCoordination, CaseEvent, CaseExtension, CaseHold, CaseLink
from .outbox import OutboxMessage, OutboxStatus
from .people import Unit, User
from .petitioner import Petitioner
from .routing import RoutingRule

__all__ = [
    "Attachment",
    "Case",
    "CaseCoordination",
    "CaseEvent",
    "CaseExtension",
    "CaseHold",
    "CaseLink",
    "OutboxMessage",
    "OutboxStatus",
    "Petitioner",
    "RoutingRule",
    "Unit",
    "User",
]
