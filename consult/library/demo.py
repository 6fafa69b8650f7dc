"""Demo materials for `flask seed-demo`: two guides (one a small generated PDF), a research
report of the demo project and a recording. Added only when missing (by title)."""

from fpdf import FPDF
from sqlalchemy import select

from consult.events.demo import PROJECT_NAME
from consult.events.exports import FONTS
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.library import services
from consult.library.models import LibraryMaterial, MaterialType


def _guide_pdf(title: str, lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def seed_library() -> list[str]:
    project = db.session.scalar(select(FundingProject).where(
        FundingProject.name == PROJECT_NAME))
    guide = "Jak konsultować program współpracy — poradnik dla urzędników i urzędniczek"
    demo = [
        dict(title=guide, authors="Federacja Mazowia", year=2023, type=MaterialType.GUIDE,
             tags="konsultacje, program współpracy, JST",
             upload=("poradnik-konsultacje.pdf", _guide_pdf(guide, [
                 "1. Zaplanuj konsultacje z wyprzedzeniem.",
                 "2. Opublikuj projekt programu i zaproś organizacje pozarządowe.",
                 "3. Odpowiedz na każdą uwagę w sprawozdaniu z konsultacji."]))),
        dict(title="Budżet obywatelski krok po kroku", authors="Anna Nowak", year=2022,
             type=MaterialType.GUIDE, tags="budżet obywatelski, partycypacja",
             url="https://example.org/poradniki/budzet-obywatelski"),
        dict(title="Jakość współpracy NGO i JST na Mazowszu — raport z badań",
             authors="Jan Kowalski, Łucja Żak", year=2023, type=MaterialType.REPORT,
             project_id=project.id if project else None, tags="badania, współpraca",
             accessible=False,
             accessibility_note="Tabele są obrazami. Wersję dostępną wyślemy na prośbę: "
                                "biuro@example.org.",
             url="https://example.org/raporty/jakosc-wspolpracy-2023.pdf"),
        dict(title="Nagranie konferencji „Dialog NGO–JST”", authors="", year=2023,
             type=MaterialType.RECORDING, tags="konferencja, dialog",
             url="https://example.org/nagrania/konferencja-dialog"),
    ]
    added = 0
    for values in demo:
        if db.session.scalar(select(LibraryMaterial.id).where(
                LibraryMaterial.title == values["title"])) is not None:
            continue
        fields = dict(authors="", language="pl", project_id=None, url="", accessible=True,
                      accessibility_note="", published=True)
        fields.update(values)
        services.save_material(LibraryMaterial(), **fields)
        added += 1
    return [f"library: {added} demo materials added"] if added else []
