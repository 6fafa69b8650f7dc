"""What the simulated clients read from the app's pages: the form's CSRF token and the
registrant's token from the redirect after registering."""

import re

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REGISTRATION = re.compile(r"/registrations/([^/?#]+)$")


def csrf_token(html: str) -> str:
    found = CSRF.search(html or "")
    if found is None:
        raise ValueError("the page has no form with a CSRF token")
    return found.group(1)


def registration_token(location: str) -> str | None:
    found = REGISTRATION.search(location or "")
    return found.group(1) if found else None


def login_data(token: str, email: str, password: str) -> dict[str, str]:
    return {"csrf_token": token, "email": email, "password": password}


def registration_data(token: str, email: str, full_name: str = "Anna Obciążeniowa"
                      ) -> dict[str, str]:
    return {"csrf_token": token, "full_name": full_name, "email": email, "category": "ngo",
            "organisation": "Stowarzyszenie Testowe", "position": "prezeska", "phone": "",
            "needs": "", "consent_rodo": "y"}


def comment_data(token: str, section_id: int) -> dict[str, str]:
    return {"csrf_token": token, "section": str(section_id), "on_behalf": "self",
            "body": "Proponuję doprecyzować ten zapis (test obciążeniowy).",
            "proposed_text": "Nowe brzmienie zapisu.", "justification": "Jasność przepisu.",
            "organisation_name": "", "organisation_krs": ""}
