from consult.projects.routes import manage, public  # noqa: F401
