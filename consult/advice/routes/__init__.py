from consult.advice.routes import manage  # noqa: F401
