"""Cached fragments shared through Redis (consult.caching.shared): a page one process built
is served by the others, changes show on all of them at once, and a Redis that does not
answer never breaks a page. Each app here stands for one gunicorn process."""

import logging

import pytest
from redis import Redis

from consult.extensions import db
from tests.conftest import counted_queries, free_port


@pytest.fixture
def redis_store(redis_url):
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    yield connection
    connection.flushdb()


def page(app, path: str) -> str:
    response = app.test_client().get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_page_one_process_built_is_served_by_the_others(make_app, redis_store, redis_url,
                                                          event_factory):
    event = event_factory(title="Szkolenie dla całego regionu")
    path = f"/events/{event.slug}/"
    first, second = make_app(REDIS_URL=redis_url), make_app(REDIS_URL=redis_url)
    assert "Szkolenie dla całego regionu" in page(first, path)
    assert redis_store.keys("consult:kept:*")
    with second.app_context(), counted_queries() as statements:
        served = page(second, path)
    assert "Szkolenie dla całego regionu" in served
    assert "Urząd Miasta Płońsk" in served  # the whole body, not only the heading
    assert not any("agenda_items" in statement for statement in statements)  # not built again


def test_a_change_shows_on_every_process_at_once(make_app, redis_store, redis_url,
                                                 event_factory):
    event = event_factory(title="Szkolenie przed zmianą", capacity=2)
    path = f"/events/{event.slug}/"
    processes = [make_app(REDIS_URL=redis_url) for _ in range(2)]
    for process in processes:
        assert "2 wolne miejsca" in page(process, path)
    event.title = "Szkolenie po zmianie"
    event.capacity = 5
    db.session.commit()
    for process in processes:
        shown = page(process, path)
        assert "Szkolenie po zmianie" in shown and "5 wolnych miejsc" in shown


def test_the_english_page_is_cached_apart_from_the_polish_one(make_app, redis_store, redis_url,
                                                            event_factory):
    event = event_factory()
    path = f"/events/{event.slug}/"
    first, second = make_app(REDIS_URL=redis_url), make_app(REDIS_URL=redis_url)
    assert "wolnych miejsc" in page(first, path)
    visitor = second.test_client()
    visitor.set_cookie("lang", "en")
    assert "seats left" in visitor.get(path).get_data(as_text=True)


def test_pages_are_served_while_redis_does_not_answer(make_app, event_factory, caplog):
    event = event_factory(title="Szkolenie bez Redisa")
    path = f"/events/{event.slug}/"
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="consult.caching.shared"):
        assert "Szkolenie bez Redisa" in page(app, path)
        assert "Redis did not answer" in caplog.text
        caplog.clear()
        event.title = "Szkolenie nadal bez Redisa"
        db.session.commit()
        assert "Szkolenie nadal bez Redisa" in page(app, path)
    assert "Redis did not answer" not in caplog.text  # left alone for a while, not retried
