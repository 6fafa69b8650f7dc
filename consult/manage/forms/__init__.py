"""The forms of the staff pages: ``manage`` (roles, institutions, organisations, the
accessibility statement)."""
