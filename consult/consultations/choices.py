"""The fixed values of consultations and their comments, and the words pages use for them
(lazy translations): the kind of act (and the elements a programme of cooperation must
contain), who may comment, how comments are moderated, on whose behalf a comment is made
and how it reached the authority.

Statuses and decisions are not here: they are enums beside the models (models.py).
"""

from flask_babel import lazy_gettext as _l

ANNUAL, MULTIANNUAL, OTHER_ACT = "annual", "multiannual", "other"
KINDS = (ANNUAL, MULTIANNUAL, OTHER_ACT)
KIND_LABELS = {
    ANNUAL: _l("annual programme of cooperation"),
    MULTIANNUAL: _l("multi-annual programme of cooperation"),
    OTHER_ACT: _l("other act"),
}
PROGRAMME_KINDS = (ANNUAL, MULTIANNUAL)

ORGANISATIONS_ONLY, EVERYONE = "organisations", "everyone"
PARTICIPATION = (ORGANISATIONS_ONLY, EVERYONE)
PARTICIPATION_LABELS = {
    ORGANISATIONS_ONLY: _l("non-governmental organisations and bodies of art. 3 ust. 3 only"),
    EVERYONE: _l("organisations and residents"),
}

POST_MODERATION, PRE_MODERATION = "post", "pre"
MODERATION = (POST_MODERATION, PRE_MODERATION)
MODERATION_LABELS = {
    POST_MODERATION: _l("comments appear at once; staff may hide them afterwards"),
    PRE_MODERATION: _l("comments appear after staff approve them"),
}

# Art. 5a ust. 4 UDPP: the elements every programme of cooperation contains at least.
STATUTORY_ELEMENTS = {
    1: _l("the main objective and specific objectives of the programme"),
    2: _l("principles of cooperation"),
    3: _l("scope of the programme"),
    4: _l("forms of cooperation referred to in art. 5 ust. 2"),
    5: _l("priority public tasks"),
    6: _l("period of the programme"),
    7: _l("how the programme is carried out"),
    8: _l("the amount of funds planned for the programme"),
    9: _l("how the programme is evaluated"),
    10: _l("how the programme was created and how the consultation went"),
    11: _l("how competition committees for open calls are appointed and work"),
}

SELF, ORGANISATION = "self", "organisation"
ON_BEHALF = (SELF, ORGANISATION)

# How a comment reached the authority: through the platform, or on paper, by e-mail or in
# person at a meeting, entered by staff (paper_comments.py).
PLATFORM, PAPER, EMAIL, MEETING = "platform", "paper", "email", "meeting"
OFFLINE_CHANNELS = (PAPER, EMAIL, MEETING)
CHANNEL_LABELS = {
    PLATFORM: _l("through the platform"),
    PAPER: _l("on paper (letter)"),
    EMAIL: _l("by e-mail"),
    MEETING: _l("in person at a meeting"),
}
