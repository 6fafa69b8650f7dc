"""The forms of the staff pages: ``manage`` (roles, institutions, the accessibility
statement)."""
