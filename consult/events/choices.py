"""The fixed values of events and the words pages use for them (lazy translations): kinds
of event, formats, participant categories and their groups' seats, the kinds of a
registration form's and an evaluation form's questions.

Statuses are not here: they are enums beside the models that change them (models.py).
"""

from flask_babel import lazy_gettext as _l

TYPES = (
    "training", "workshop", "conference", "seminar", "debate", "study_visit", "gala",
    "consultation_meeting", "network_meeting",
)
TYPE_LABELS = {
    "training": _l("training"),
    "workshop": _l("workshop"),
    "conference": _l("conference"),
    "seminar": _l("seminar"),
    "debate": _l("debate"),
    "study_visit": _l("study visit"),
    "gala": _l("gala"),
    "consultation_meeting": _l("consultation meeting"),
    "network_meeting": _l("network meeting"),
}
ONSITE, ONLINE, HYBRID = "onsite", "online", "hybrid"
FORMATS = (ONSITE, ONLINE, HYBRID)
FORMAT_LABELS = {ONSITE: _l("on site"), ONLINE: _l("online"), HYBRID: _l("hybrid")}

NGO, JST, RESIDENT, OTHER = "ngo", "jst", "resident", "other"
CATEGORIES = (NGO, JST, RESIDENT, OTHER)
CATEGORY_LABELS = {
    NGO: _l("NGO"),
    JST: _l("local government (JST)"),
    RESIDENT: _l("resident"),
    OTHER: _l("other"),
}
# The seats set aside for a category (EventQuota), as pages and messages name them.
GROUP_LABELS = {
    NGO: _l("for NGOs"),
    JST: _l("for local governments"),
    RESIDENT: _l("for residents"),
    OTHER: _l("for other participants"),
}

# A custom question of the registration form (Question.kind).
TEXT, CHOICE, MULTIPLE, YESNO = "text", "choice", "multiple", "yesno"
QUESTION_KINDS = (TEXT, CHOICE, MULTIPLE, YESNO)
QUESTION_KIND_LABELS = {
    TEXT: _l("text"),
    CHOICE: _l("single choice"),
    MULTIPLE: _l("multiple choice"),
    YESNO: _l("yes / no"),
}

# A question of the evaluation form (EvaluationQuestion.kind).
RATING, COMMENT = "rating", "text"
EVALUATION_KINDS = (RATING, COMMENT)
