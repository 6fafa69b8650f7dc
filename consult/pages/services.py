"""The accessibility statement and the health check."""

from datetime import date

from flask import current_app
from sqlalchemy import select, text

from consult.extensions import db
from consult.pages.models import AccessibilityStatement, Compliance


def accessibility_statement() -> AccessibilityStatement:
    """The stored statement, or an unsaved one with sensible defaults until staff edit it."""
    statement = db.session.scalar(select(AccessibilityStatement).limit(1))
    if statement is not None:
        return statement
    today = date.today()
    return AccessibilityStatement(
        entity_name=current_app.config["CONSULT_SITE_NAME"],
        published_on=today,
        updated_on=today,
        prepared_on=today,
        compliance=Compliance.PARTIAL,
        non_accessible_content="",
        assessment_method="",
        keyboard_shortcuts="",
        contact_person="",
        contact_email="",
        contact_phone="",
        architectural_accessibility="",
        mobile_apps="",
    )


def database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        db.session.rollback()
        return False
    return True
