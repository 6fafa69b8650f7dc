"""The directory costs the same number of SQL queries for 30 members as for 5,000, and on
PostgreSQL its search is answered by the trigram index of the audience's search column."""

import secrets

import pytest
from sqlalchemy import insert, select, text

from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.network import directory, services
from consult.network.models import FIELDS, Member, Visibility, member_topics
from tests.conftest import counted_queries, forget_kept_values
from tests.network.conftest import topic_named

SURNAMES = ("Kowalska", "Nowak", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski",
            "Zielińska", "Szymański", "Woźniak", "Dąbrowska")
VISIBILITY_MIX = (Visibility.PUBLIC, Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF_ONLY)
INDEX = "ix_network_members_search_public_trgm"


def add_members(institutions, count: int, start: int = 0, topics=()) -> None:
    """``count`` approved members in one INSERT (and one for their topics), their search
    columns computed in Python as services.refresh_search() would."""
    now = utcnow()
    rows = []
    for n in range(start, start + count):
        institution = institutions[n % len(institutions)]
        member = Member(
            institution=institution, full_name=f"Urzędniczka {SURNAMES[n % 10]} {n}",
            position="inspektorka ds. NGO", department="Wydział Spraw Społecznych",
            work_email=f"osoba{n}@example.gov.pl", work_phone=f"+48 600 {n:06d}",
            bio="Program współpracy i małe granty.", is_coordinator=n % 50 == 0,
            **{f"{name}_visibility": VISIBILITY_MIX[(n + i) % 4]
               for i, name in enumerate(FIELDS)})
        services.refresh_search(member)
        rows.append({
            **{c.key: getattr(member, c.key) for c in Member.__table__.columns
               if c.key not in ("id", "created_at", "updated_at", "institution_id",
                                "powiat_id", "user_id")},
            "institution_id": institution.id,
            "powiat_id": services.powiat_of(institution).id,
            "status": "approved", "approved_at": now, "created_at": now, "updated_at": now,
            "announcements_token": secrets.token_urlsafe(16), "announcements_opt_out": False,
        })
    db.session.execute(insert(Member), rows)
    if topics:
        ids = db.session.scalars(select(Member.id).where(Member.id > 0)
                                 .order_by(Member.id.desc()).limit(count)).all()
        db.session.execute(insert(member_topics), [
            {"member_id": member_id, "topic_id": topics[member_id % len(topics)].id}
            for member_id in ids])
    db.session.commit()


def queries(client, path: str) -> list[str]:
    client.get(path)  # warm-up: Python's own first-use work is not what is measured
    forget_kept_values(client.application)  # the page is measured as it is built
    db.session.expire_all()  # the test's session outlives requests: start each one alike
    with counted_queries() as statements:
        response = client.get(path)
        assert response.status_code == 200
    return statements


PATHS = ("/network/", "/network/?q=kowalska", "/network/?q=wisniewska&powiat=1420",
         "/network/?q=nowak&kind=gmina_miejska&topic={topic}", "/network/?page=2",
         "/api/v1/network/members?q=kowalska", "/network/coverage")


@pytest.mark.parametrize("viewer", ["anonymous", "member", "staff"])
def test_directory_queries_do_not_grow(client, member_factory, mazowsze, login_as, viewer):
    topics = [topic_named("budżet obywatelski"), topic_named("wolontariat")]
    db.session.commit()
    gminas = [mazowsze[name] for name in ("plonsk", "raciaz", "baboszewo", "plock_gmina")]
    if viewer == "member":
        member_factory(user=login_as("user"))
    elif viewer == "staff":
        login_as("staff")
    add_members(gminas, 30, topics=topics)
    paths = [path.format(topic=topics[0].id) for path in PATHS]
    few = {path: queries(client, path) for path in paths}
    add_members(gminas, 4970, start=30, topics=topics)
    assert db.session.scalar(select(db.func.count(Member.id))) >= 5000
    for path in paths:
        many = queries(client, path)
        assert len(many) == len(few[path]), (path, many)
    assert len(few["/network/?q=kowalska"]) <= 14
    page = client.get("/network/?q=kowalska").get_data(as_text=True)
    assert page.count('id="member-') == directory.PER_PAGE


def test_search_uses_the_trigram_index_on_postgresql(app, mazowsze):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only (SQLite needs none)")
    add_members([mazowsze["plonsk"], mazowsze["raciaz"], mazowsze["plock_gmina"]], 5000)
    # Rows inserted into a GIN index wait in its pending list until (auto)vacuum moves
    # them; the planner prices that list high. Do now what autovacuum does in production.
    db.session.execute(text(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)"))
    db.session.execute(text("ANALYZE network_members"))
    db.session.execute(text("ANALYZE institutions"))
    stmt = directory.search(Visibility.PUBLIC, directory.Filters(query="Lewandowski 4725"))
    compiled = stmt.compile(dialect=db.engine.dialect)
    connection = db.session.connection()

    def plan() -> str:
        rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).all()
        return "\n".join(row[0] for row in rows)

    chosen = plan()
    print(f"\nEXPLAIN of the directory search (5,000 members):\n{chosen}")
    if INDEX not in chosen:
        # Should the planner still prefer reading the table at this size, show that the
        # index answers the query when a sequential scan is not an option.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        chosen = plan()
        print(f"\nwith enable_seqscan = off:\n{chosen}")
    assert INDEX in chosen
    assert [m.full_name for m in db.session.scalars(stmt)] == ["Urzędniczka Lewandowski 4725"]
    db.session.rollback()
