"""flask institutions …"""

from pathlib import Path

import click
from flask.cli import AppGroup

from consult.extensions import db
from consult.institutions.terc import TercError, import_terc

institutions_cli = AppGroup("institutions", help="JST institutions from the TERYT register.")


@institutions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Load or refresh JST from an official TERC CSV (GUS TERYT layout)."""
    try:
        result = import_terc(file.read_text(encoding="utf-8-sig"))
    except (TercError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    db.session.commit()
    click.echo(
        f"{result.created} created, {result.updated} updated, "
        f"{result.removed_from_register} no longer in the register"
    )
