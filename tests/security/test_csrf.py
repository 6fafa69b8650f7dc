"""CSRF with a WRONG token on every POST route (a missing token is
tests/test_security_baseline.py::test_post_without_csrf_token_changes_nothing).

The case that matters is a cross-site form carrying a real token: the attacker's own,
taken from their own session. It must not be accepted in the victim's session. A token
signed with another key and plain garbage are refused too. Each POST route gets the
payload of POST_CASES (which the views accept with the right token, as the baseline's
control test proves) and must change nothing.
"""

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from tests.test_security_baseline import (
    InputValues,
    changes,
    client_for,
    in_site_layout,
    post_every_route,
    walked_post_rules,
)


def page_token(client) -> str:
    """The CSRF token the site puts in a page's forms (creating the session's token)."""
    return InputValues(client.get("/about").get_data(as_text=True)).values["csrf_token"]


def attackers_token(app: Flask) -> str:
    return page_token(client_for(app))


def foreign_key_token(app: Flask) -> str:
    """Well-formed, but signed with another secret key."""
    return URLSafeTimedSerializer("another-secret-key", salt="wtf-csrf-token").dumps("x" * 40)


WRONG_TOKENS = {
    "another session's token": attackers_token,
    "signed with another key": foreign_key_token,
    "garbage": lambda app: "not-the-right-token",
}


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def wrong_token_form(app: Flask, wrong_token):
    """The victim's session has a real token (a page was opened); the form carries
    ``wrong_token(app)`` instead."""
    def extra_form(client) -> dict:
        own_token = page_token(client)
        token = wrong_token(app)
        assert token != own_token
        return {"csrf_token": token}
    return extra_form


@pytest.mark.parametrize("kind", WRONG_TOKENS)
def test_post_with_a_wrong_csrf_token_changes_nothing(csrf_app, kind):
    problems = []
    checked = 0
    for rule, label, problem, response, before, after, language_set in post_every_route(
        csrf_app, wrong_token_form(csrf_app, WRONG_TOKENS[kind])
    ):
        if problem:
            problems.append(f"{label}: {problem}")
            continue
        checked += 1
        changed = changes(before, after) + (["language cookie"] if language_set else [])
        if changed:
            problems.append(f"{label}: changed {', '.join(changed)}")
        body = response.get_data(as_text=True)
        if getattr(csrf_app.view_functions[rule.endpoint], "csrf_checked_by_form", False):
            if response.status_code != 200 or "expired" not in body:
                problems.append(f"{label}: expected the form again with a 'form expired' "
                                f"error, got {response.status_code}")
        elif response.status_code != 400 or not in_site_layout(body):
            problems.append(f"{label}: expected the CSRF error page (400), "
                            f"got {response.status_code}")
    assert checked == len(walked_post_rules(csrf_app))
    assert not problems, "\n".join(problems)

