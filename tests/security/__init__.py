"""The security test suite (issue 6, item 4): attacks as routine tests.

Run it alone with ``.venv/bin/pytest tests/security -q``; ``.ci/run`` runs it on SQLite
and again on PostgreSQL (``TEST_DATABASE_URL``), like the rest of the suite. Every test is
written for both databases: nothing here depends on how one of them compares, orders or
stores text.

Already covered elsewhere, and not repeated here
-------------------------------------------------
- ``tests/test_permissions.py``: every route of the URL map as every role (anonymous,
  user, institution manager, staff, administrator): staff routes as anonymous and as an
  ordinary user, links from e-mails with a bad token, a manager of another institution.
- ``tests/test_security_baseline.py``: every POST route WITHOUT a CSRF token changes
  nothing (and the same payloads do change state with CSRF off: the control); security
  headers and cookies; sign-in and language switch with off-site ``next``; the baseline
  rate limits; escaping of a user's name on a few pages; verification links used twice.

What this package adds
----------------------
``test_xss.py``
    A corpus of payloads (``<script>``, ``"><img onerror>``, ``<svg onload>``, attribute
    break-out, ``{{7*7}}``, Markdown ``[x](javascript:…)``, ``javascript:`` in link
    fields, formula cells) typed into the text fields of the registration form (custom
    questions included), the comment form, the network's join form, the staff forms of a
    consultation and of an event; then every page, CSV/XLSX/DOCX export, e-mail (the
    SMTP capture), Atom feed, calendar file and API answer that shows them. Pages are
    parsed (``checks.py``): no script element, no ``on*`` attribute, no ``javascript:``
    link, the payload's marker shown as text. CSV cells starting with = + - @ are
    neutralised, XLSX cells are never formulas.
``test_csrf.py``
    A WRONG token on every POST route: another session's real token, one signed with
    another key, garbage. It reuses the baseline's ``POST_CASES`` and ``Setup``.
``test_access_to_others_data.py``
    Someone else's registration token (guesses and near misses are 404), comment (edit
    and withdraw are 403; through another consultation 404; awaiting moderation shown to
    its author only), network entry (``/network/me`` is always one's own), exports (403
    to users and to managers of another institution; report previews 404).
``test_open_redirects.py``
    Every ``next``: sign-in, language switch, staff decisions on registrations and on
    network requests, with ``//evil.example``, ``https://…``, ``/\\evil.example``,
    ``javascript:``, tabs and newlines inside; Werkzeug's slash redirects; links in mail
    built from ``BASE_URL`` whatever the Host header says.
``test_uploads.py``
    Renamed binaries as attachments and as the DOCX import (an error at the file field),
    a DOCX zip bomb (refused before it is inflated), files over
    ``CONSULTATIONS_MAX_ATTACHMENT_MB`` (field error) and ``MAX_CONTENT_LENGTH`` (413).
``test_search_and_names.py``
    Quotes, ``%``, ``_``, backslash, NUL, RTL override, zero-width space, emoji and
    4-byte characters in every search box (``%`` must not find everyone) and in names
    (stored and shown as typed).
``test_huge_numbers.py``
    21-digit ids in every ``<int:…>`` route, ``?page=`` of every list, numeric filters
    and number fields of forms: 404, ignored or a form error, never a 500.
``test_header_injection.py``
    ``\\r\\nBcc:`` in names, subjects and titles that reach mail headers.
``test_rate_limits.py``
    Bursts of registrations, comments, sign-ups (sequential and simultaneous) and sign-in
    attempts spread over many addresses: exactly the limit gets through, the rest is 429
    and stores nothing.
``test_sessions.py``
    Copies of the session and remember cookies stop working at sign-out, "sign out
    everywhere else", a new password or e-mail address; the CSRF token does not outlive
    the session; how long sign-ins last; the database holds no usable token.
``test_sign_in_throttle.py``
    A botnet's guesses at one account are slowed down (also when simultaneous) without
    keeping the owner out of their known browser; password reset always works.

``checks.py`` holds the parsers and detectors; ``conftest.py`` the small helpers
(``signed_in``, ``rows``, ``count``).
"""
