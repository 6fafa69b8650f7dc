"""The forms of consultations, by audience: ``public`` (comment, report a comment, follow)
and ``manage`` (the staff's)."""
