"""What the network area caches (``consult.caching``), with the tables each build reads."""

from consult.caching import UNTIL_CHANGED, Fragment, Value
from consult.events.models import Event
from consult.institutions.models import Institution
from consult.network.models import Member, Topic, member_topics

# A page of the directory as one audience sees it (per audience and URL: search, filters):
# the members, their institutions and topics.
RESULTS = Fragment("network-results", reads=(Member, Institution, Topic, member_topics))

# How much of the region the network reaches (the line on every page of the directory).
COVERAGE = Fragment("network-coverage", reads=(Member, Institution))

# The upcoming network meetings (on every page of the directory): loaded whole, but their
# seats are not shown, so a registration leaves them as they are.
MEETINGS = Fragment("network-meetings", reads=(Event,),
                    ignores=(Event.seats_taken, Event.waitlist_length))

# The directory's filter lists: the region's powiats and the topics.
CHOICES = Value("network-choices", reads=(Institution, Topic), fresh=UNTIL_CHANGED, size=4)
