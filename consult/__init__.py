"""consult — cooperation between NGOs and local governments."""

from pathlib import Path

from flask import Flask

from consult.config import Config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides what the environment gives (tests)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(Config(app.instance_path))
    if config:
        app.config.update(config)

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from consult import blueprints, caching, cli, errors, models  # noqa: F401
    from consult.auth import login
    from consult.core import database, i18n, request_data, security, templating
    from consult.core.mail import init_outbox
    from consult.core.models import include_in_migrations, render_migration_item
    from consult.core.rate_limits import warn_if_per_process
    from consult.extensions import csrf, db, limiter, login_manager, mail, migrate

    request_data.init_app(app)  # before the blueprints: their rules use its URL converters
    db.init_app(app)
    database.init_app(app)
    caching.init_app(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
        compare_type=True, render_item=render_migration_item,
        include_object=include_in_migrations,
    )
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    warn_if_per_process(app)
    login_manager.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    init_outbox()
    blueprints.register(app)
    errors.register(app)
    cli.register(app)
    return app
