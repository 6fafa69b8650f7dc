from consult.research.routes import manage, public, respond  # noqa: F401
