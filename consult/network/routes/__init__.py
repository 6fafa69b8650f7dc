"""The views of the network, by audience: ``public`` (the directory, profiles, vCards,
coverage), ``member`` (joining, confirming the work e-mail, the own entry, unsubscribing)
and ``manage`` (the staff's pages)."""

from consult.network.routes import manage, member, public  # noqa: F401
