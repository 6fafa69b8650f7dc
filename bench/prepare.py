"""Build the benchmark database: `python -m bench.prepare DATABASE_URL FIXTURE_JSON`.

Runs the migrations on the (empty) database, loads the data set of `bench.data` and writes
what the load scenarios need into FIXTURE_JSON.
"""

import json
import os
import sys
from pathlib import Path


def main(database_url: str, fixture: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    from flask_migrate import upgrade

    from bench.data import generate
    from consult import create_app
    from consult.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        facts = generate()
        # Fresh planner statistics, as autovacuum (PostgreSQL) would have them by now.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE" if conn.dialect.name == "postgresql"
                                 else "ANALYZE")
    fixture.write_text(json.dumps(facts, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
