"""Public pages: home, the accessibility statement edited by staff, errors in the layout."""

from datetime import date

from consult.demo import demo_accessibility_statement
from consult.extensions import db


def test_home_and_static_pages_render_in_the_layout(client):
    for url in ("/", "/about", "/privacy", "/accessibility"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<a class="skip-link" href="#main">' in response.text
        assert '<main id="main"' in response.text
        assert "/accessibility" in response.text  # the statement is linked from every page


def test_error_pages_use_the_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert '<main id="main"' in response.text


def test_accessibility_statement_uses_the_official_element_ids(client):
    db.session.add(demo_accessibility_statement())
    db.session.commit()
    page = client.get("/accessibility").text
    for element_id in (
        "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
        "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba", "a11y-email",
        "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje",
    ):
        assert f'id="{element_id}"' in page, element_id
    assert 'datetime="2026-09-01"' in page
    assert "dostepnosc@example.org" in page


def test_staff_edit_the_statement_and_the_public_page_follows(client, login_as):
    login_as("staff")
    form = {
        "entity_name": "Federacja Testowa",
        "published_on": "2026-01-15",
        "updated_on": "2026-11-02",
        "compliance": "full",
        "prepared_on": "2026-03-30",
        "reviewed_on": "",
        "contact_person": "Ewa Kontaktowa",
        "contact_email": "ewa@example.org",
        "contact_phone": "22 000 00 00",
        "architectural_accessibility": "Wejście **bez progów**.",
        "non_accessible_content": "<script>alert(1)</script>",
    }
    response = client.post("/manage/accessibility", data=form)
    assert response.status_code == 302
    page = client.get("/accessibility").text
    assert "Federacja Testowa" in page
    assert 'datetime="2026-11-02"' in page
    assert "<strong>bez progów</strong>" in page  # Markdown is rendered …
    assert "<script>alert(1)</script>" not in page  # … and sanitised


def test_statement_form_errors_keep_what_was_typed(client, login_as):
    login_as("staff")
    response = client.post(
        "/manage/accessibility",
        data={"entity_name": "Federacja Testowa", "contact_email": "nie-email",
              "published_on": "nie-data"},
    )
    assert response.status_code == 200
    assert 'id="contact_email-error"' in response.text
    assert 'id="published_on-error"' in response.text
    assert 'value="Federacja Testowa"' in response.text


def test_the_statement_defaults_are_shown_before_staff_fill_it_in(client):
    page = client.get("/accessibility").text
    assert f'datetime="{date.today().isoformat()}"' in page


# --- /healthz and where the rate limits count (issue 18, finding 12) ------------------------

def _health(app) -> tuple[int, dict]:
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_healthz_says_the_rate_limits_count_per_process_without_redis(make_app):
    status, body = _health(make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://"))
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "rate_limits": "per-process"}


def test_healthz_says_when_redis_is_set_but_down(make_app):
    from tests.conftest import free_port

    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=down, RATELIMIT_STORAGE_URI=down,
                   RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 1, "socket_timeout": 1})
    status, body = _health(app)
    assert status == 200  # the site works, the limits count in each process meanwhile
    assert body == {"status": "ok", "database": "ok", "rate_limits": "per-process",
                    "redis": "unreachable"}


def test_healthz_says_the_rate_limits_are_shared_with_redis(make_app, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url)
    assert _health(app) == (200, {"status": "ok", "database": "ok", "rate_limits": "shared",
                                  "redis": "ok"})


def test_a_production_start_without_redis_logs_a_warning(make_app, caplog):
    make_app(TESTING=False, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    assert any(record.levelname == "WARNING" and "REDIS_URL is not set" in record.message
               for record in caplog.records)
    caplog.clear()
    make_app(TESTING=True, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    assert not any("REDIS_URL is not set" in record.message for record in caplog.records)


def test_gunicorn_refuses_several_workers_without_redis(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "RATELIMIT_ALLOW_PER_PROCESS", "RATELIMIT_ENABLED")}
    env.update(SECRET_KEY="test", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), "-c", str(root / "gunicorn.conf.py"), "--workers", "3",
         "--bind", "127.0.0.1:0", "consult:create_app()"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "refusing to start: 3 workers without REDIS_URL" in result.stderr


def test_several_workers_without_redis_only_when_the_operator_accepts_it():
    from consult.core.rate_limits import multi_worker_refusal

    memory = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}
    assert multi_worker_refusal(4, memory)
    assert multi_worker_refusal(1, memory) is None
    assert multi_worker_refusal(4, {**memory, "RATELIMIT_ALLOW_PER_PROCESS": True}) is None
    assert multi_worker_refusal(4, {**memory, "RATELIMIT_STORAGE_URI": "redis://r/0"}) is None
    assert multi_worker_refusal(4, {**memory, "RATELIMIT_ENABLED": False}) is None
