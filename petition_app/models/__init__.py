"""SQLAlchemy models, one module per aggregate."""
from .case import Attachment, Case, CaseCoordination, CaseEvent, CaseLink
from .outbox import OutboxMessage, OutboxStatus
from .people import Unit, User
from .petitioner import Petitioner
from .routing import RoutingRule

__all__ = [
    "Attachment",
    "Case",
    "CaseCoordination",
    "CaseEvent",
    "CaseLink",
    "OutboxMessage",
    "OutboxStatus",
    "Petitioner",
    "RoutingRule",
    "Unit",
    "User",
]
