"""JST institutions from the official TERC register, and NGOs."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from consult.core.models import TimestampMixin, UTCDateTime
from consult.core.text import search_key
from consult.extensions import db

# Kinds of JST. TERC's RODZ 4/5 (parts of an urban-rural gmina) and 8/9 (city districts)
# are not JST and are never stored.
VOIVODESHIP = "wojewodztwo"
COUNTY = "powiat"
CITY_COUNTY = "miasto_na_prawach_powiatu"
URBAN_GMINA = "gmina_miejska"
RURAL_GMINA = "gmina_wiejska"
URBAN_RURAL_GMINA = "gmina_miejsko_wiejska"
KINDS = (VOIVODESHIP, COUNTY, CITY_COUNTY, URBAN_GMINA, RURAL_GMINA, URBAN_RURAL_GMINA)
GMINA_KINDS = (URBAN_GMINA, RURAL_GMINA, URBAN_RURAL_GMINA)
COUNTY_KINDS = (COUNTY, CITY_COUNTY)


class Institution(TimestampMixin, db.Model):
    """A JST (jednostka samorządu terytorialnego) identified by its TERYT code.

    TERYT: województwo 2 digits, powiat 4, gmina 7 (the last digit is the kind).
    """

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    teryt: Mapped[str] = mapped_column(String(7), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name without case and Polish letters, for search ("Łódź" → "lodz").
    search_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    # Official e-mail domains, lower-case, space-separated ("plonsk.pl um.plonsk.pl").
    email_domains: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    register_date: Mapped[date] = mapped_column(Date)  # TERC's STAN_NA
    in_register: Mapped[bool] = mapped_column(default=True)  # False once gone from TERC

    parent: Mapped["Institution | None"] = relationship(remote_side=[id])

    @validates("name")
    def _index_name(self, _key, value):
        self.search_name = search_key(value)
        return value

    @property
    def domains(self) -> list[str]:
        return self.email_domains.split()

    def __repr__(self) -> str:
        return f"<Institution {self.teryt} {self.name}>"


class Organisation(TimestampMixin, db.Model):
    """An NGO or another body of UDPP art. 3 ust. 3: the federation's register of the
    organisations it works with (consult/organisations/ holds its rules and pages).

    KRS is optional (ordinary associations, KGW, church bodies have none); then
    ``other_register`` says where it is registered. The seat is a gmina; ``powiat_id`` is
    always its county (set with it), kept as a column so lists filter by county cheaply.
    ``seat`` is the town as typed (older records have only that).
    """

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    search_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    legal_form: Mapped[str] = mapped_column(String(30), default="other", index=True)
    krs: Mapped[str | None] = mapped_column(String(10), unique=True)
    other_register: Mapped[str | None] = mapped_column(String(300))
    nip: Mapped[str | None] = mapped_column(String(10), index=True)
    regon: Mapped[str | None] = mapped_column(String(14))
    seat: Mapped[str | None] = mapped_column(String(200))
    gmina_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    powiat_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    # Areas of public benefit (UDPP art. 4), keys of organisations.choices.AREAS,
    # space-separated.
    areas: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    # Listed on /organisations/ only with the organisation's consent, and since when.
    public_listing: Mapped[bool] = mapped_column(default=False, index=True)
    public_listing_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The federation's mailings (consult/mailing/) go to ``email`` until the organisation
    # opts out (the one-click link in each of them); the link's random secret.
    mailing_opt_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mailing_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    gmina: Mapped[Institution | None] = relationship(foreign_keys=[gmina_id])
    powiat: Mapped[Institution | None] = relationship(foreign_keys=[powiat_id])

    @validates("name")
    def _index_name(self, _key, value):
        self.search_name = search_key(value)
        return value

    @property
    def area_keys(self) -> list[str]:
        return self.areas.split()

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class OrganisationMerge(db.Model):
    """A duplicate merged into the organisation that stays: what it was, and how many links
    moved (the duplicate itself is deleted)."""

    __tablename__ = "organisation_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    merged_name: Mapped[str] = mapped_column(String(300))
    merged_krs: Mapped[str | None] = mapped_column(String(10))
    merged_nip: Mapped[str | None] = mapped_column(String(10))
    moved_registrations: Mapped[int] = mapped_column(default=0)
    moved_comments: Mapped[int] = mapped_column(default=0)
    moved_advice: Mapped[int] = mapped_column(default=0)
    merged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime())
