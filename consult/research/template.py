"""The default questionnaire a new diagnosis starts from, modelled on the Lokalny Indeks
Jakości Współpracy: the three areas of cooperation of the "Model współpracy administracji
publicznej i organizacji pozarządowych" (public policy, carrying out public tasks, the
infrastructure of cooperation), each with indicators on a five-point scale with "hard to
say", a few yes/no and number questions, and an open question. Staff edit it before the
diagnosis opens. Texts are Polish and English, as each respondent reads them."""

from consult.research.models import Area, Diagnosis, Indicator, QuestionKind, RespondentGroup

AGREEMENT = [
    {"pl": "Zdecydowanie nie", "en": "Definitely not"},
    {"pl": "Raczej nie", "en": "Rather not"},
    {"pl": "Ani tak, ani nie", "en": "Neither yes nor no"},
    {"pl": "Raczej tak", "en": "Rather yes"},
    {"pl": "Zdecydowanie tak", "en": "Definitely yes"},
]

GRADE = [
    {"pl": "Bardzo źle", "en": "Very poor"},
    {"pl": "Źle", "en": "Poor"},
    {"pl": "Przeciętnie", "en": "Average"},
    {"pl": "Dobrze", "en": "Good"},
    {"pl": "Bardzo dobrze", "en": "Very good"},
]

GROUPS = [
    ("ngo", "Organizacje pozarządowe działające w JST", "NGOs active in the JST"),
    ("officials", "Urzędnicy i urzędniczki", "Officials"),
    ("councillors", "Radni i radne", "Councillors"),
]

_S, _Y, _N, _T = QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.NUMBER, QuestionKind.TEXT

AREAS = [
    (
        "Współpraca w tworzeniu polityk publicznych",
        "Cooperation in making public policy",
        "Czy organizacje współtworzą diagnozy, programy i uchwały, które ich dotyczą.",
        "Whether NGOs help shape the diagnoses, programmes and resolutions that concern them.",
        [
            (_S, AGREEMENT,
             "Projekty uchwał dotyczących organizacji są z nimi rzetelnie konsultowane.",
             "Draft resolutions concerning NGOs are genuinely consulted with them."),
            (_S, AGREEMENT,
             "Uwagi zgłoszone w konsultacjach są rozpatrywane, a ich los jest uzasadniany.",
             "Comments made in consultations are considered and the decision on each is "
             "explained."),
            (_S, AGREEMENT,
             "Organizacje biorą udział w diagnozowaniu lokalnych problemów i potrzeb.",
             "NGOs take part in diagnosing local problems and needs."),
            (_S, AGREEMENT,
             "Roczny program współpracy odpowiada na rzeczywiste potrzeby mieszkańców.",
             "The annual programme of cooperation answers residents' real needs."),
            (_Y, None,
             "Czy w ostatnim roku działał wspólny zespół doradczy lub inicjatywny "
             "(urząd i organizacje)?",
             "In the last year, did a joint advisory or initiative team (the office and "
             "NGOs) work?"),
        ],
    ),
    (
        "Współpraca w realizacji zadań publicznych",
        "Cooperation in carrying out public tasks",
        "Jak JST zleca zadania organizacjom: konkursy, małe granty, umowy wieloletnie.",
        "How the JST entrusts tasks to NGOs: open competitions, small grants, multi-year "
        "agreements.",
        [
            (_S, AGREEMENT,
             "Zasady otwartych konkursów ofert są jasne i znane z wyprzedzeniem.",
             "The rules of open competitions are clear and known in advance."),
            (_S, AGREEMENT,
             "Oferty są oceniane rzetelnie, a wyniki konkursów uzasadniane.",
             "Offers are assessed fairly and the results of competitions explained."),
            (_S, AGREEMENT,
             "Rozliczanie dotacji jest proste i nie wymaga zbędnych dokumentów.",
             "Accounting for grants is simple and asks for no needless documents."),
            (_Y, None,
             "Czy JST zawiera z organizacjami umowy wieloletnie?",
             "Does the JST sign multi-year agreements with NGOs?"),
            (_Y, None,
             "Czy JST stosuje tryb małych grantów (art. 19a ustawy)?",
             "Does the JST use the small grants procedure (art. 19a of the Act)?"),
            (_N, None,
             "Ile razy w ostatnim roku Pani/Pana organizacja lub urząd uczestniczyły "
             "w otwartym konkursie ofert?",
             "How many times in the last year did your organisation or office take part "
             "in an open competition?"),
        ],
    ),
    (
        "Infrastruktura współpracy",
        "The infrastructure of cooperation",
        "Ludzie, miejsca, informacja i ciała dialogu, bez których współpraca nie działa.",
        "The people, places, information and bodies of dialogue cooperation needs.",
        [
            (_S, AGREEMENT,
             "W urzędzie jest osoba lub komórka, do której organizacje mogą się zwrócić.",
             "The office has a person or unit NGOs can turn to."),
            (_S, AGREEMENT,
             "Organizacje mają dostęp do lokali i sprzętu na preferencyjnych warunkach.",
             "NGOs have access to premises and equipment on preferential terms."),
            (_S, AGREEMENT,
             "Informacje o konkursach, konsultacjach i szkoleniach łatwo znaleźć.",
             "Information on competitions, consultations and trainings is easy to find."),
            (_Y, None,
             "Czy w JST działa rada działalności pożytku publicznego?",
             "Is there a council for public benefit in the JST?"),
        ],
    ),
    (
        "Ogólna ocena współpracy",
        "Cooperation overall",
        "Jak współpracę oceniają jej strony.",
        "How its parties rate cooperation.",
        [
            (_S, AGREEMENT,
             "Urząd i organizacje traktują się jak partnerzy.",
             "The office and NGOs treat each other as partners."),
            (_S, GRADE,
             "Jak ocenia Pani/Pan współpracę JST z organizacjami w ostatnim roku?",
             "How do you rate the JST's cooperation with NGOs in the last year?"),
            (_T, None,
             "Co najbardziej poprawiłoby współpracę?",
             "What would improve cooperation the most?"),
        ],
    ),
]


def apply_default_template(diagnosis: Diagnosis) -> Diagnosis:
    """Give a new diagnosis the default groups and questionnaire (it has none yet)."""
    for position, (key, name_pl, name_en) in enumerate(GROUPS):
        diagnosis.groups.append(
            RespondentGroup(key=key, name_pl=name_pl, name_en=name_en, position=position))
    for position, (title_pl, title_en, about_pl, about_en, indicators) in enumerate(AREAS):
        area = Area(position=position, title_pl=title_pl, title_en=title_en,
                    description_pl=about_pl, description_en=about_en, weight=1)
        for number, (kind, choices, text_pl, text_en) in enumerate(indicators):
            area.indicators.append(Indicator(
                position=number, kind=kind, text_pl=text_pl, text_en=text_en,
                choices=list(choices or []), dont_know=kind in (_S, _Y)))
        diagnosis.areas.append(area)
    return diagnosis
