"""Demo consultations: Płońsk's annual programme for next year, open now, with all 11
statutory elements; and this year's programme, closed, answered, reported and adopted."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from consult.auth.services import find_user_by_email
from consult.consultations import services
from consult.consultations.choices import ANNUAL, EVERYONE, ORGANISATION, SELF
from consult.consultations.models import Comment, Consultation, Decision, Section
from consult.core.timeutil import local_to_utc, utcnow
from consult.events.models import Event, EventStatus
from consult.extensions import db
from consult.institutions.models import Institution

INSTITUTION = "1420011"  # Miasto Płońsk; the demo manager runs its consultations

LEGAL_BASIS = ("Uchwała nr XLII/312/2010 Rady Miejskiej w Płońsku z dnia 28 października "
               "2010 r. w sprawie określenia szczegółowego sposobu konsultowania z "
               "organizacjami pozarządowymi projektów aktów prawa miejscowego")

# (level, number, title, text, statutory elements covered)
PROGRAMME = [
    (1, "Rozdział I", "Postanowienia ogólne", "", ""),
    (2, "§ 1", "Słowniczek",
     "Ilekroć w programie jest mowa o:\n\n1. **ustawie** – rozumie się przez to ustawę z dnia "
     "24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie;\n2. "
     "**organizacjach** – rozumie się przez to organizacje pozarządowe oraz podmioty "
     "wymienione w art. 3 ust. 3 ustawy;\n3. **Gminie** – rozumie się przez to Gminę Miasto "
     "Płońsk.", ""),
    (2, "§ 2", "Cel główny i cele szczegółowe",
     "1. Celem głównym programu jest budowanie partnerstwa między Gminą a organizacjami.\n"
     "2. Cele szczegółowe:\n    1. wzmacnianie potencjału organizacji;\n    2. zwiększenie "
     "udziału mieszkańców w rozwiązywaniu lokalnych problemów;\n    3. poprawa jakości "
     "usług publicznych.", "1"),
    (1, "Rozdział II", "Zasady i zakres współpracy", "", ""),
    (2, "§ 3", "Zasady współpracy",
     "Współpraca opiera się na zasadach pomocniczości, suwerenności stron, partnerstwa, "
     "efektywności, uczciwej konkurencji i jawności.", "2"),
    (2, "§ 4", "Zakres przedmiotowy",
     "Przedmiotem współpracy jest realizacja zadań publicznych, o których mowa w art. 4 "
     "ust. 1 ustawy, w zakresie odpowiadającym zadaniom Gminy.", "3"),
    (2, "§ 5", "Formy współpracy",
     "1. Współpraca ma charakter finansowy i pozafinansowy.\n2. Formy pozafinansowe: "
     "wzajemne informowanie się o planowanych kierunkach działalności, konsultowanie "
     "projektów aktów normatywnych, tworzenie wspólnych zespołów o charakterze doradczym, "
     "inicjatywa lokalna, umowy partnerskie.", "4"),
    (1, "Rozdział III", "Zadania i realizacja programu", "", ""),
    (2, "§ 6", "Priorytetowe zadania publiczne",
     "1. Wspieranie i upowszechnianie kultury fizycznej.\n2. Kultura, sztuka, ochrona dóbr "
     "kultury i dziedzictwa narodowego.\n3. Działalność na rzecz osób w wieku emerytalnym.\n"
     "4. Przeciwdziałanie uzależnieniom i patologiom społecznym.", "5"),
    (2, "§ 7", "Okres realizacji programu",
     "Program realizowany jest od 1 stycznia do 31 grudnia 2027 r.", "6"),
    (2, "§ 8", "Sposób realizacji programu",
     "Program realizowany jest w szczególności przez ogłaszanie otwartych konkursów ofert, "
     "zlecanie zadań w trybie art. 19a ustawy oraz konsultowanie projektów aktów prawa "
     "miejscowego.", "7"),
    (2, "§ 9", "Wysokość środków planowanych na realizację programu",
     "Na realizację programu planuje się przeznaczyć kwotę **850 000 zł**.", "8"),
    (2, "§ 10", "Sposób oceny realizacji programu",
     "Miernikami realizacji programu są w szczególności: liczba ogłoszonych konkursów, "
     "liczba zawartych umów, wysokość przekazanych środków, liczba organizacji "
     "realizujących zadania.", "9"),
    (1, "Rozdział IV", "Tworzenie programu i komisje konkursowe", "", ""),
    (2, "§ 11", "Informacja o sposobie tworzenia programu i przebiegu konsultacji",
     "Projekt programu został przygotowany przez Wydział Spraw Społecznych i poddany "
     "konsultacjom z organizacjami na zasadach określonych w uchwale Rady Miejskiej.", "10"),
    (2, "§ 12", "Komisje konkursowe",
     "1. Burmistrz powołuje komisję konkursową do opiniowania ofert.\n2. W skład komisji "
     "wchodzą przedstawiciele Burmistrza oraz osoby wskazane przez organizacje, z wyłączeniem "
     "osób reprezentujących organizacje biorące udział w konkursie.", "11"),
]

# (section number or None, author e-mail, on behalf of (name, KRS) or None, body, proposed
# wording, justification, decision, answer)
CLOSED_COMMENTS = [
    ("§ 6", "user@example.org", ("Stowarzyszenie Aktywni Razem", "0000123456"),
     "Proponujemy dodać zadanie z zakresu ekologii i ochrony zwierząt.",
     "5. Ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego.",
     "W mieście działa kilka organizacji ekologicznych, które nie mogą startować w konkursach.",
     Decision.ACCEPTED, "Uwzględniono: dodano pkt 5 w § 6."),
    ("§ 9", "user@example.org", ("Stowarzyszenie Aktywni Razem", "0000123456"),
     "Kwota jest zbyt niska w stosunku do potrzeb.",
     "Na realizację programu planuje się przeznaczyć kwotę 1 000 000 zł.",
     "Wzrost kosztów realizacji zadań.",
     Decision.PARTIALLY_ACCEPTED, "Zwiększono kwotę do 900 000 zł w granicach możliwości budżetu."),
    ("§ 12", "staff@example.org", None,
     "Komisja powinna pracować jawnie.", "",
     "Jawność to jedna z zasad współpracy.",
     Decision.REJECTED, "Posiedzenia komisji są niejawne z uwagi na ochronę danych oferentów; "
               "protokół jest publikowany w BIP."),
    (None, "admin@example.org", ("Fundacja Dobry Start", "0000654321"),
     "Prosimy o dłuższy termin konsultacji w przyszłym roku.", "",
     "Organizacje potrzebują czasu, by zebrać opinie członków.",
     Decision.NOT_APPLICABLE, "Uwaga nie dotyczy treści programu; zostanie rozważona przy "
                     "zmianie uchwały o konsultacjach."),
]

FINAL_CHANGES = {
    "§ 6": PROGRAMME[8][3] + "\n5. Ekologia i ochrona zwierząt oraz ochrona dziedzictwa "
                             "przyrodniczego.",
    "§ 9": "Na realizację programu planuje się przeznaczyć kwotę **900 000 zł**.",
}


def _sections(year: int) -> list[Section]:
    return [
        Section(position=i, level=level, number=number, title=title,
                text=text.replace("2027", str(year)), elements=elements)
        for i, (level, number, title, text, elements) in enumerate(PROGRAMME)
    ]


def _consultation(slug: str, institution: Institution, year: int, opens: date,
                  closes: date) -> Consultation:
    consultation = Consultation(
        slug=slug, institution=institution, kind=ANNUAL, year=year,
        title=f"Program współpracy Gminy Miasto Płońsk z organizacjami pozarządowymi oraz "
              f"podmiotami wymienionymi w art. 3 ust. 3 ustawy na rok {year}",
        summary="Projekt rocznego programu współpracy: cele, zasady, priorytetowe zadania "
                "i kwota środków na konkursy. Zgłoś uwagi do wybranego paragrafu.",
        legal_basis=LEGAL_BASIS, participation=EVERYONE,
        contact_name="Joanna Urzędniczka, Wydział Spraw Społecznych",
        contact_email="ngo@plonsk.pl", contact_phone="23 662 26 51",
        report_forms="Formularz uwag na platformie; spotkanie konsultacyjne w urzędzie.",
        sections=_sections(year), announced_at=utcnow(),
    )
    services.set_period(consultation, opens, None, closes, None)
    db.session.add(consultation)
    return consultation


def _meeting(slug: str, day: date, year: int) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        event = Event(
            slug=slug, type="consultation_meeting", status=EventStatus.PUBLISHED,
            title=f"Spotkanie konsultacyjne: program współpracy na {year} r.",
            starts_at=local_to_utc(datetime.combine(day, time(17))),
            ends_at=local_to_utc(datetime.combine(day, time(19))),
            venue_name="Urząd Miejski w Płońsku, sala 101",
            venue_address="ul. Płocka 39, 09-100 Płońsk", capacity=40,
            organiser="Urząd Miejski w Płońsku",
        )
        db.session.add(event)
    return event


def _closed_with_report(institution: Institution, today: date) -> Consultation:
    year = today.year
    opens, closes = today - timedelta(days=420), today - timedelta(days=406)
    consultation = _consultation(f"program-wspolpracy-plonsk-{year}", institution, year,
                                 opens, closes)
    consultation.meetings = [_meeting(f"spotkanie-konsultacyjne-plonsk-{year}",
                                      opens + timedelta(days=3), year)]
    consultation.report_conclusion = (
        "Konsultacje przeprowadzono zgodnie z uchwałą; zgłoszone uwagi rozpatrzono, a "
        "uwzględnione wprowadzono do projektu programu.")
    consultation.report_prepared_by = "Joanna Urzędniczka, Wydział Spraw Społecznych"
    db.session.flush()
    sections = {s.number: s for s in consultation.sections}
    official = find_user_by_email("urzednik@plonsk.pl")
    submitted = consultation.last_moment - timedelta(days=5)
    private_people = 0
    for n, (number, email, organisation, body, proposed, why, decision, answer) in enumerate(
            CLOSED_COMMENTS):
        author = find_user_by_email(email)
        private_people += organisation is None
        comment = Comment(
            consultation_id=consultation.id,
            section_id=sections[number].id if number else None,
            author_id=author.id if author else None, author_name=author and author.full_name,
            on_behalf=ORGANISATION if organisation else SELF,
            organisation_name=organisation and organisation[0],
            organisation_krs=organisation and organisation[1],
            private_number=None if organisation else private_people, number=n + 1,
            body=body, proposed_text=proposed, justification=why,
            submitted_at=submitted + timedelta(hours=n),
            decision=decision, decision_text=answer,
            answered_at=submitted + timedelta(days=10), answered_by_id=official and official.id,
        )
        db.session.add(comment)
    for section in consultation.sections:
        section.final_text = FINAL_CHANGES.get(section.number, section.text)
    consultation.report_published_at = local_to_utc(
        datetime.combine(closes + timedelta(days=7), time(12)))
    consultation.final_published_at = consultation.report_published_at + timedelta(days=14)
    consultation.final_note = (f"Uchwała nr XX/150/{year - 1} Rady Miejskiej w Płońsku "
                               f"z dnia 26 listopada {year - 1} r.")
    return consultation


def _open_now(institution: Institution, today: date) -> Consultation:
    year = today.year + 1
    consultation = _consultation(f"program-wspolpracy-plonsk-{year}", institution, year,
                                 today - timedelta(days=3), today + timedelta(days=11))
    consultation.meetings = [_meeting(f"spotkanie-konsultacyjne-plonsk-{year}",
                                      today + timedelta(days=5), year)]
    db.session.flush()
    author = find_user_by_email("user@example.org")
    if author is not None:
        section = next(s for s in consultation.sections if s.number == "§ 8")
        services.submit_comment(consultation, author, services.CommentData(
            section_id=section.id,
            body="Warto wprost wymienić małe granty w trybie art. 19a.",
            proposed_text="… zlecanie zadań w trybie art. 19a ustawy (małe granty) do kwoty "
                          "10 000 zł …",
            justification="Małe organizacje często nie wiedzą o tej możliwości.",
            on_behalf=ORGANISATION, organisation_name="Stowarzyszenie Aktywni Razem",
            organisation_krs="0000123456"))
    return consultation


def seed_consultations() -> list[str]:
    institution = db.session.scalar(select(Institution).where(Institution.teryt == INSTITUTION))
    if institution is None:
        return []
    today = utcnow().date()
    created = []
    for slug, build in ((f"program-wspolpracy-plonsk-{today.year}", _closed_with_report),
                        (f"program-wspolpracy-plonsk-{today.year + 1}", _open_now)):
        if db.session.scalar(select(Consultation.id).where(Consultation.slug == slug)) is None:
            build(institution, today)
            created.append(slug)
    return [f"consultation: {slug}" for slug in created]
