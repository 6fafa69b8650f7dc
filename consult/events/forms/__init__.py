"""The events' WTForms by audience: ``public`` (registration, the registrant's details,
the evaluation), ``manage`` (staff forms of events) and ``manage_registrations`` (staff
forms of an event's registrations)."""
