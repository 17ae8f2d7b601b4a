"""ORM models, one per file; importing this package registers them all on ``Base.metadata``."""

from bot.db.models.answer import Answer, AnswerStatus
from bot.db.models.audit_entry import AuditEntry
from bot.db.models.gazetteer_import import GazetteerImport
from bot.db.models.inbox_question import InboxQuestion
from bot.db.models.location import Location
from bot.db.models.login_attempt import LoginAttempt
from bot.db.models.opening_hours import OpeningHours
from bot.db.models.organisation import Organisation, Provider
from bot.db.models.postal_code import PostalCode
from bot.db.models.region import Region
from bot.db.models.service import Service
from bot.db.models.service_language import ServiceLanguage
from bot.db.models.service_search import ServiceSearch, refresh_service_search
from bot.db.models.service_topic import ServiceTopic
from bot.db.models.staff_language import StaffLanguage
from bot.db.models.staff_user import Role, StaffUser
from bot.db.models.usage_count import UsageCount

__all__ = [
    "Answer",
    "AnswerStatus",
    "AuditEntry",
    "GazetteerImport",
    "InboxQuestion",
    "Location",
    "LoginAttempt",
    "OpeningHours",
    "Organisation",
    "PostalCode",
    "Provider",
    "Region",
    "Role",
    "Service",
    "ServiceLanguage",
    "ServiceSearch",
    "ServiceTopic",
    "StaffLanguage",
    "StaffUser",
    "UsageCount",
    "refresh_service_search",
]
