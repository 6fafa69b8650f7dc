"""The register's fixed choices: legal forms and areas of public benefit, with labels."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


class LegalForm(StrEnum):
    FOUNDATION = "foundation"
    ASSOCIATION = "association"
    ORDINARY_ASSOCIATION = "ordinary_association"
    KGW = "kgw"  # koło gospodyń wiejskich (a rural women's circle, its own act of 2018)
    SOCIAL_COOPERATIVE = "social_cooperative"
    CHURCH_BODY = "church_body"
    NONPROFIT_COMPANY = "nonprofit_company"
    OTHER = "other"


LEGAL_FORM_LABELS = {
    LegalForm.FOUNDATION: _l("foundation"),
    LegalForm.ASSOCIATION: _l("association"),
    LegalForm.ORDINARY_ASSOCIATION: _l("ordinary association"),
    LegalForm.KGW: _l("rural women's circle (KGW)"),
    LegalForm.SOCIAL_COOPERATIVE: _l("social cooperative"),
    LegalForm.CHURCH_BODY: _l("church legal person"),
    LegalForm.NONPROFIT_COMPANY: _l("non-profit company"),
    LegalForm.OTHER: lazy_pgettext("legal form", "other"),
}

# A handful of the spheres of public benefit of UDPP art. 4 ust. 1 (the point in brackets).
AREA_LABELS = {
    "social_assistance": _l("social assistance"),  # pkt 1
    "health": _l("health"),  # pkt 6
    "disability": _l("people with disabilities"),  # pkt 7
    "education": _l("education and upbringing"),  # pkt 14
    "culture": _l("culture, arts and heritage"),  # pkt 16
    "sport": _l("physical culture and sport"),  # pkt 17
    "ecology": _l("ecology and animal protection"),  # pkt 18
    "local_development": _l("local communities and development"),  # pkt 12-13
    "civil_society": _l("civic activity and democracy"),  # pkt 22, 32
    "ngo_support": _l("support for NGOs"),  # pkt 33
}
AREAS = tuple(AREA_LABELS)
