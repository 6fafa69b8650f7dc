"""What the pages area caches (``consult.caching``), with the tables each build reads."""

from consult.advice.models import AdviceSession
from consult.caching import Fragment
from consult.consultations.models import Consultation
from consult.events.models import Attendance, Event, EventQuota, Registration
from consult.institutions.models import Institution, Organisation
from consult.news.models import NewsPost

# The home page's overview: upcoming events (with their quotas), open consultations and
# their authority, and the impact figures (events_kept.IMPACT_FIGURES: events,
# registrations, attendance, organisations; advice_kept.ADVICE_MINUTES: advice), and the
# latest news.
HOME_OVERVIEW = Fragment("home-overview", reads=(Event, EventQuota, Consultation, Institution,
                                                 Registration, Attendance, NewsPost,
                                                 Organisation, AdviceSession))
