"""What the events area caches (``consult.caching``): each fragment or value, with the
tables its build reads. Seat counters follow registrations (``info={"follows": …}`` on
their columns): whatever shows them reads Registration."""

from consult.caching import AT_MOMENTS, UNTIL_CHANGED, Fragment, Value
from consult.events.funding import FundingProject
from consult.events.models import (
    AgendaItem,
    Attendance,
    Event,
    EventMaterial,
    EventQuota,
    Question,
    Registration,
    event_partners,
)
from consult.institutions.models import Institution, Organisation

# The list of events (per URL: filters, page): events, their quotas and seats, their county.
LISTING = Fragment("events-listing", reads=(Event, EventQuota, Registration, Institution))

# An event's page: the event, its quotas and seats, agenda, partners and county, funding
# project, and its materials once it has taken place; changes by itself only when
# registration opens or closes and when the event starts or ends.
EVENT_PAGE = Fragment("event-page", reads=(Event, EventQuota, Registration, AgendaItem,
                                           event_partners, Institution, FundingProject,
                                           EventMaterial),
                      fresh=AT_MOMENTS)

# The blank registration form's heading: title, time and place of the event.
REGISTRATION_INTRO = Fragment("registration-intro", reads=(Event,), fresh=UNTIL_CHANGED)

# The blank registration form's fields of one event: its questions.
REGISTRATION_FIELDS = Fragment("registration-fields", reads=(Question,), fresh=UNTIL_CHANGED)

# The same fields per form class, i.e. per set of questions (most events have none): the
# first forms of 200 open events render them once, not 200 times (docs/performance.md).
FIELDS_OF_FORM = Value("registration-fields-of-form", reads=(), fresh=UNTIL_CHANGED, size=256)

# The impact figures' totals (the home page): counted from attendance of ended events.
IMPACT_FIGURES = Value("impact-figures", reads=(Event, Registration, Attendance,
                                                 Organisation))
