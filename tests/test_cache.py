"""The per-process cache keyed by a version read from the database."""

from consult.core.cache import VersionedCache


def builder(value):
    calls = []

    def build():
        calls.append(value)
        return value

    return build, calls


def test_same_version_is_built_once():
    cache = VersionedCache(size=4)
    build, calls = builder("body")
    assert cache.get("feed", "v1", build) == "body"
    assert cache.get("feed", "v1", build) == "body"
    assert calls == ["body"]


def test_a_new_version_replaces_the_value():
    cache = VersionedCache(size=4)
    cache.get("feed", "v1", lambda: "old")
    assert cache.get("feed", "v2", lambda: "new") == "new"
    build, calls = builder("never")
    assert cache.get("feed", "v2", build) == "new"
    assert calls == []


def test_least_recently_used_entries_fall_out():
    cache = VersionedCache(size=2)
    cache.get("a", 1, lambda: "A")
    cache.get("b", 1, lambda: "B")
    cache.get("a", 1, lambda: "A again")  # "a" used last: "b" is the oldest now
    cache.get("c", 1, lambda: "C")
    assert cache.get("a", 1, lambda: "rebuilt") == "A"
    assert cache.get("b", 1, lambda: "rebuilt") == "rebuilt"
