"""Reading the official TERC register (GUS TERYT) into institutions: the JST, their codes,
kinds and parents, as the register lists them on its date.

``flask institutions import FILE`` loads a newer register; a copy of 2024-01-01 comes with
the application (``import_bundled_terc``, used by the demo data).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from consult.extensions import db
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    RURAL_GMINA,
    URBAN_GMINA,
    URBAN_RURAL_GMINA,
    VOIVODESHIP,
    Institution,
)

BUNDLED_TERC = Path(__file__).parent / "data" / "TERC_2024-01-01.csv"
TERC_COLUMNS = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
# TERC's RODZ digit of a gmina; 4, 5 (parts of an urban-rural gmina), 8 and 9 (districts
# and delegations of cities) are not JST and are skipped.
GMINA_KIND_BY_RODZ = {"1": URBAN_GMINA, "2": RURAL_GMINA, "3": URBAN_RURAL_GMINA}


class TercError(ValueError):
    """The file is not an official TERC register in the GUS layout."""


@dataclass(frozen=True)
class TercUnit:
    teryt: str
    name: str
    kind: str
    parent_teryt: str | None
    register_date: date


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    removed_from_register: int


def _digits(value: str, length: int, line: int, column: str) -> str:
    if len(value) != length or not value.isdigit():
        raise TercError(f"line {line}: {column} must be {length} digits, got {value!r}")
    return value


def parse_terc(text: str) -> list[TercUnit]:
    """Parse a TERC CSV (``;``-separated, UTF-8) into the JST it lists."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != TERC_COLUMNS:
        raise TercError(f"line 1: expected the columns {';'.join(TERC_COLUMNS)}")
    units = []
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            raise TercError(f"line {line}: expected {len(TERC_COLUMNS)} columns")
        row = {key.strip(): value.strip() for key, value in row.items()}
        try:
            stan_na = date.fromisoformat(row["STAN_NA"])
        except ValueError as exc:
            raise TercError(f"line {line}: STAN_NA is not a date") from exc
        woj = _digits(row["WOJ"], 2, line, "WOJ")
        name, extra = row["NAZWA"], row["NAZWA_DOD"]
        if not name:
            raise TercError(f"line {line}: NAZWA is empty")
        if not row["POW"]:
            units.append(TercUnit(woj, name.lower(), VOIVODESHIP, None, stan_na))
        elif not row["GMI"]:
            pow_code = woj + _digits(row["POW"], 2, line, "POW")
            kind = CITY_COUNTY if "na prawach powiatu" in extra else COUNTY
            units.append(TercUnit(pow_code, name, kind, woj, stan_na))
        else:
            pow_code = woj + _digits(row["POW"], 2, line, "POW")
            rodz = _digits(row["RODZ"], 1, line, "RODZ")
            if rodz not in GMINA_KIND_BY_RODZ:
                continue
            code = pow_code + _digits(row["GMI"], 2, line, "GMI") + rodz
            units.append(TercUnit(code, name, GMINA_KIND_BY_RODZ[rodz], pow_code, stan_na))
    if not units:
        raise TercError("the file lists no units")
    return units


def import_terc(text: str) -> ImportResult:
    """Create or refresh institutions from a TERC file; never invents or deletes a code.

    Units of the file's voivodeships that the file no longer lists (merged or abolished)
    stay, marked as no longer in the register, because consultations and members point
    to them.
    """
    units = parse_terc(text)
    existing = {inst.teryt: inst for inst in db.session.scalars(select(Institution))}
    created = updated = 0
    for unit in units:
        inst = existing.get(unit.teryt)
        if inst is None:
            inst = Institution(teryt=unit.teryt, email_domains="")
            db.session.add(inst)
            existing[unit.teryt] = inst
            created += 1
        elif (inst.name, inst.kind, inst.register_date, inst.in_register) != (
            unit.name, unit.kind, unit.register_date, True
        ):
            updated += 1
        inst.name, inst.kind = unit.name, unit.kind
        inst.register_date, inst.in_register = unit.register_date, True
        # TERC lists a unit after its parent, so the parent is known here.
        inst.parent = existing.get(unit.parent_teryt) if unit.parent_teryt else None
    listed = {unit.teryt for unit in units}
    voivodeships = {code[:2] for code in listed}
    removed = 0
    for code, inst in existing.items():
        if code not in listed and code[:2] in voivodeships and inst.in_register:
            inst.in_register = False
            removed += 1
    return ImportResult(created, updated, removed)


def import_bundled_terc() -> ImportResult:
    return import_terc(BUNDLED_TERC.read_text(encoding="utf-8"))
