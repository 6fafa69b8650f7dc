"""The application hashes passwords at werkzeug's full default cost.

The other tests hash at a 32nd of it (``TEST_PASSWORD_HASH`` in tests/conftest.py); this
one puts the application's own hashing back and looks at what it writes.
"""

from werkzeug.security import generate_password_hash

from consult.auth import models as auth_models
from consult.auth.models import User

PRODUCTION = "scrypt:32768:8:1$"  # werkzeug's default: N = 2^15, r = 8, p = 1


def test_the_application_hashes_at_the_full_default_cost(monkeypatch):
    monkeypatch.setattr(auth_models, "generate_password_hash", generate_password_hash)
    user = User(full_name="Osoba Testowa", email="osoba@example.org")
    user.set_password("correct-horse-battery-staple")
    assert user.password_hash.startswith(PRODUCTION)
    assert user.check_password("correct-horse-battery-staple")
    assert not user.check_password("correct-horse-battery-stapler")


def test_the_tests_hash_with_the_same_algorithm_at_a_lower_cost(app, user_factory):
    user = user_factory()
    assert user.password_hash.startswith("scrypt:1024:8:1$")
