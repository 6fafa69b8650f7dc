"""Imports every model module, so the metadata (and Alembic) sees all tables."""

from consult.advice.models import AdviceSession  # noqa: F401
from consult.auth.models import SignInThrottle, User, UserSession  # noqa: F401
from consult.caching.versions import TableVersion  # noqa: F401
from consult.consultations.models import (  # noqa: F401
    Comment,
    CommentFlag,
    Consultation,
    ConsultationAttachment,
    Section,
    Subscription,
)
from consult.cooperation.models import (  # noqa: F401
    CycleRecord,
    Intervention,
    InterventionChange,
    ProgrammeReminder,
)
from consult.core.mail import OutboxAttachment, OutboxMessage  # noqa: F401
from consult.events.certificates import Certificate  # noqa: F401
from consult.events.funding import FundingProject, FundingProjectLogo, ProjectPartner  # noqa: F401
from consult.events.models import (  # noqa: F401
    AgendaItem,
    Answer,
    Attendance,
    Evaluation,
    Event,
    EventQuota,
    Question,
    Registration,
    RegistrationLog,
)
from consult.institutions.models import (  # noqa: F401
    Institution,
    Organisation,
    OrganisationMerge,
)
from consult.library.models import LibraryMaterial  # noqa: F401
from consult.mailing.models import Mailing, Subscriber  # noqa: F401
from consult.network.models import (  # noqa: F401
    Announcement,
    ConsentLog,
    Member,
    MemberStatusChange,
    Topic,
)
from consult.news.models import NewsPost  # noqa: F401
from consult.pages.models import AccessibilityStatement  # noqa: F401
from consult.research.models import (  # noqa: F401
    Area,
    Diagnosis,
    Indicator,
    Invitation,
    RespondentGroup,
    SurveyAnswer,
    SurveyResponse,
)
