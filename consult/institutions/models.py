"""JST institutions from the official TERC register, and NGOs."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from consult.core.models import TimestampMixin
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
    """An NGO or another body of UDPP art. 3 ust. 3.

    KRS is optional (ordinary associations, KGW, church bodies have none); then
    ``other_register`` says where it is registered.
    """

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    search_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    krs: Mapped[str | None] = mapped_column(String(10), unique=True)
    other_register: Mapped[str | None] = mapped_column(String(300))
    nip: Mapped[str | None] = mapped_column(String(10))
    regon: Mapped[str | None] = mapped_column(String(14))
    seat: Mapped[str | None] = mapped_column(String(200))
    powiat_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    website: Mapped[str | None] = mapped_column(String(300))

    powiat: Mapped[Institution | None] = relationship()

    @validates("name")
    def _index_name(self, _key, value):
        self.search_name = search_key(value)
        return value
