"""What the consultations area caches (``consult.caching``): each fragment or value, with
the tables its build reads, and the cached list of sections the forms and pages use."""

from functools import partial

from consult.caching import UNTIL_CHANGED, Fragment, Value
from consult.consultations import queries
from consult.consultations.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    PeriodChange,
    Section,
    consultation_meetings,
)
from consult.events.models import Event
from consult.institutions.models import Institution

# A consultation's page as visitors who are not signed in see it (per URL: part, decision,
# page): the consultation, its sections, comments and attachments, the changes of its
# deadline, its authority and its meetings (loaded whole, but their seats are not shown:
# a registration leaves the page as it is).
PAGE = Fragment("consultation-page",
                reads=(Consultation, Section, Comment, ConsultationAttachment, PeriodChange,
                       Institution, Event, consultation_meetings),
                ignores=(Event.seats_taken, Event.waitlist_length))

# The comment form's wording of the chosen part (new comment or change of one).
COMMENT_WORDING = Fragment("comment-wording", reads=(Section,), fresh=UNTIL_CHANGED)

# The blank comment form's fields per part of the draft: the parts and the ways to take part.
COMMENT_FIELDS = Fragment("comment-fields", reads=(Consultation, Section, Institution),
                          fresh=UNTIL_CHANGED)

# The consultation's sections as the comment form lists them, with their wording.
SECTION_CHOICES = Value("section-choices", reads=(Section,))


def section_choices(consultation: Consultation) -> tuple[queries.SectionChoice, ...]:
    """The consultation's sections in document order, cached between changes of the
    sections, so a form or a submit costs no query for them."""
    return SECTION_CHOICES.get((consultation.id,),
                               partial(queries.section_choices, consultation.id))


def section_choice(consultation: Consultation,
                   section_id: int | None) -> queries.SectionChoice | None:
    """One of the consultation's sections from the cached list; None if it has no such one."""
    return next((s for s in section_choices(consultation) if s.id == section_id), None)
