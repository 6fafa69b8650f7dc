"""The certificate of attendance as a PDF: A4 portrait, in the holder's language, written
from the certificate's own copy of what it certifies (certificates.Certificate), with the
funder's logos and notice of the event's funding project and, at the foot, the code and
the verification address as text and as a QR code.

The signature line is left blank for the organiser to sign a printed copy.
"""

import io

import segno
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from fpdf import FPDF

from consult.core.datetext import format_day, format_day_range
from consult.core.http import download_name
from consult.core.text import export_text
from consult.core.urls import external_url
from consult.events.choices import TYPE_LABELS
from consult.events.exports import FONTS

NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}
INK, MUTED, ACCENT = (25, 25, 25), (90, 90, 90), (11, 79, 138)


def hours_text(hours) -> str:
    """"8 hours", "7.5 hours" (in Polish "8 godzin", "7,5 godziny")."""
    if hours == int(hours):
        return ngettext("%(num)d hour", "%(num)d hours", int(hours))
    number = str(hours).replace(".", "," if str(get_locale()) == "pl" else ".")
    return _("%(hours)s hours", hours=number)


def file_name(certificate) -> str:
    return download_name(_("certificate"), certificate.code, extension="pdf")


class CertificateDocument(FPDF):
    MARGIN = 20
    LOGO_HEIGHT = 16
    LOGO_MAX_WIDTH = 55
    PROGRAMME_END = 190  # mm from the top: below are the organiser, signature and code

    def __init__(self, certificate, project):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.certificate = certificate
        self.project = project
        self.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_auto_page_break(False)
        self.set_title(f"{_('Certificate of attendance')} — {export_text(certificate.event_title)}")
        self.set_lang(str(get_locale() or "pl"))
        self.set_creator(export_text(certificate.organiser))
        self.verify_url = external_url("events.certificate", certificate_code=certificate.code)

    def frame(self) -> None:
        self.set_draw_color(*ACCENT)
        self.set_line_width(1.2)
        self.rect(8, 8, self.w - 16, self.h - 16)
        self.set_line_width(0.3)
        self.rect(10.5, 10.5, self.w - 21, self.h - 21)

    def logos(self) -> None:
        """The funder's logos centred side by side, each as high as the others."""
        logos = list(self.project.logos) if self.project else []
        if not logos:
            self.set_y(self.MARGIN + 4)
            return
        sizes = []
        for logo in logos:
            height = min(self.LOGO_HEIGHT, self.LOGO_MAX_WIDTH * logo.height / logo.width)
            sizes.append((height * logo.width / logo.height, height))
        x = (self.w - sum(w for w, _h in sizes) - 6 * (len(sizes) - 1)) / 2
        for logo, (width, height) in zip(logos, sizes, strict=True):
            self.image(io.BytesIO(logo.data), x=x, y=self.MARGIN, w=width, h=height)
            x += width + 6
        self.set_y(self.MARGIN + self.LOGO_HEIGHT + 6)

    def centred(self, text: str, size: float, bold: bool = False, colour=INK,
                height: float | None = None) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, height or size * 0.5, export_text(text), align="C", **NEXT_LINE)

    def body(self) -> None:
        c = self.certificate
        self.ln(6)
        self.centred(_("CERTIFICATE OF ATTENDANCE"), 24, bold=True, colour=ACCENT, height=12)
        self.centred(_("Certificate no. %(code)s", code=c.code), 10, colour=MUTED)
        self.ln(10)
        self.centred(_("This is to certify that"), 12)
        self.ln(3)
        self.centred(c.full_name, 22, bold=True, height=11)
        self.ln(3)
        kind = str(TYPE_LABELS.get(c.event_type, c.event_type))
        self.centred(_("took part in the %(kind)s", kind=kind), 12)
        self.ln(2)
        opening, closing = ("„", "”") if str(get_locale()) == "pl" else ("“", "”")
        self.centred(f"{opening}{c.event_title}{closing}", 15, bold=True, height=7.5)
        self.ln(6)
        when = format_day_range(c.first_day, c.last_day)
        if c.days_attended < c.days_total:
            when += " " + _("(%(attended)d of %(total)d days)",
                            attended=c.days_attended, total=c.days_total)
        lines = [_("Date: %(date)s", date=when),
                 _("Venue: %(place)s", place=c.place) if c.place else _("Online")]
        if c.hours is not None:
            lines.append(_("Scope: %(hours)s of instruction", hours=hours_text(c.hours)))
        for line in lines:
            self.centred(line, 11, height=6.5)
        self.programme()
        self.ln(4)
        self.centred(_("Organiser: %(name)s", name=c.organiser), 11, height=6)

    def programme(self) -> None:
        items = self.certificate.programme_items
        if not items:
            return
        self.ln(5)
        self.set_font("DejaVu", "B", 11)
        self.set_text_color(*INK)
        self.cell(0, 7, _("Programme:"), **NEXT_LINE)
        self.set_font("DejaVu", "", 9.5)
        for number, item in enumerate(items):
            if self.get_y() > self.PROGRAMME_END:  # a long conference's programme
                self.set_x(self.MARGIN + 4)
                self.cell(0, 5, ngettext("… and %(num)d more point", "… and %(num)d more points",
                                         len(items) - number), **NEXT_LINE)
                break
            self.set_x(self.MARGIN + 4)
            self.multi_cell(0, 5, "• " + export_text(item), **NEXT_LINE)

    def signature_and_code(self) -> None:
        """The bottom of the page: where issued and the signature line, the QR code and the
        verification address, and the funder's notice below them."""
        notice = self.project.notice_for(str(get_locale() or "pl")) if self.project else ""
        self.set_font("DejaVu", "", 8)
        notice_lines = len(self.multi_cell(self.epw, 4, export_text(notice), dry_run=True,
                                           output="LINES")) if notice else 0
        bottom = self.h - self.MARGIN - notice_lines * 4 - 2
        top = bottom - 52
        self.set_text_color(*INK)
        self.set_font("DejaVu", "", 10)
        self.set_xy(self.MARGIN, top + 10)
        self.cell(80, 5, _("Issued on %(date)s", date=format_day(self.certificate.issued_at)))
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        self.line(self.w - self.MARGIN - 75, top + 14, self.w - self.MARGIN, top + 14)
        self.set_xy(self.w - self.MARGIN - 75, top + 15)
        self.set_font("DejaVu", "", 8)
        self.cell(75, 4, _("signature of the organiser"), align="C")
        qr = io.BytesIO()
        segno.make(self.verify_url, error="m").save(qr, kind="png", scale=4, border=1)
        self.image(qr, x=self.MARGIN, y=top + 24, w=24, h=24)
        self.set_xy(self.MARGIN + 27, top + 31)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 4.5, _("Check that this certificate is genuine:"), **NEXT_LINE)
        self.set_x(self.MARGIN + 27)
        self.set_font("DejaVu", "B", 8)
        self.set_text_color(*ACCENT)
        self.cell(0, 4.5, self.verify_url, link=self.verify_url, **NEXT_LINE)
        self.set_text_color(*MUTED)
        if notice:
            self.set_xy(self.MARGIN, bottom)
            self.set_font("DejaVu", "", 8)
            self.multi_cell(0, 4, export_text(notice), align="C", **NEXT_LINE)


def certificate_pdf(certificate) -> bytes:
    """The PDF of ``certificate`` in the current language (the caller forces the holder's)."""
    event = certificate.registration.event
    document = CertificateDocument(certificate, event.funding_project)
    document.add_page()
    document.frame()
    document.logos()
    document.body()
    document.signature_and_code()
    return bytes(document.output())
