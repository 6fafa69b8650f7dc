"""What the JSON API caches (``consult.caching``): the versions behind its ETags, per URL,
with the tables their aggregates read. The bodies are cached per version by
``consult.caching.conditional_response``."""

from consult.caching import UNTIL_CHANGED, Value
from consult.consultations.models import Comment, Consultation, Section
from consult.cooperation.models import CycleRecord
from consult.events.models import Event, Registration
from consult.institutions.models import Institution
from consult.network.models import Member, Topic

# A list of events: the events, how many are open for registration, their registrations.
EVENTS_VERSION = Value("api-events-version", reads=(Event, Registration))

# A list of consultations: the consultations, how many have opened or closed, their
# sections and comments.
CONSULTATIONS_VERSION = Value("api-consultations-version",
                              reads=(Consultation, Section, Comment))

# A list of network members: the members, their institutions, the topics.
MEMBERS_VERSION = Value("api-members-version", reads=(Member, Institution, Topic))

# The programmes of cooperation of the region's JST for a year: the JST, the records, the
# consultations of the programmes held here. Nothing shown follows the clock (a step not
# recorded is null whether or not its deadline has passed).
COOPERATION_VERSION = Value("api-cooperation-version",
                            reads=(Institution, CycleRecord, Consultation),
                            fresh=UNTIL_CHANGED)
