"""The per-process store keyed by a version read from the database (consult.caching.store)."""

from consult.caching.store import VersionedStore


def builder(value):
    calls = []

    def build():
        calls.append(value)
        return value

    return build, calls


def test_same_version_is_built_once():
    store = VersionedStore(size=4)
    build, calls = builder("body")
    assert store.get("feed", "v1", build) == "body"
    assert store.get("feed", "v1", build) == "body"
    assert calls == ["body"]


def test_a_new_version_replaces_the_value():
    store = VersionedStore(size=4)
    store.get("feed", "v1", lambda: "old")
    assert store.get("feed", "v2", lambda: "new") == "new"
    build, calls = builder("never")
    assert store.get("feed", "v2", build) == "new"
    assert calls == []


def test_least_recently_used_entries_fall_out():
    store = VersionedStore(size=2)
    store.get("a", 1, lambda: "A")
    store.get("b", 1, lambda: "B")
    store.get("a", 1, lambda: "A again")  # "a" used last: "b" is the oldest now
    store.get("c", 1, lambda: "C")
    assert store.get("a", 1, lambda: "rebuilt") == "A"
    assert store.get("b", 1, lambda: "rebuilt") == "rebuilt"


def test_every_app_has_its_own_stores(make_app):
    """Tests (and apps) never share a store: each app keeps its own by name."""
    from consult.caching.store import store

    first, second = make_app(), make_app()
    with first.app_context():
        store("feed", 4).get("a", 1, lambda: "first")
    with second.app_context():
        assert store("feed", 4).get("a", 1, lambda: "second") == "second"
