"""petition_app — citizen petitions and feedback for a provincial Department of Science and Technology."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, config_for

from .request_limits import BoundedRequest


def create_app(config=None) -> Flask:
    """Build the application: load config, init extensions, blueprints, commands, errors.

    ``config`` is a config name ("testing"), a config class, or a mapping of
    overrides applied on top of the environment's class.
    """
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.request_class = BoundedRequest
    _load_config(app, config)
    if app.config.get("PROXY_FIX_X_FOR"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def _load_config(app: Flask, config) -> None:
    if config is None or isinstance(config, str):
        cls = config_for(config)
        app.config.from_object(cls)
    elif isinstance(config, dict):
        cls = config_for(config.get("CONFIG_NAME"))
        app.config.from_object(cls)
        app.config.update(config)
    else:
        cls = config
        app.config.from_object(cls)
    check = getattr(cls, "check", None)
    if check is not None:
        check(app.config)


def register_extensions(app: Flask) -> None:
    from . import auth, i18n, request_limits, security
    from .extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    # The limiter's before_request must run before CSRF's, so that a flood of
    # token-less POSTs is counted (and stopped) too.
    limiter.init_app(app)
    app.after_request(request_limits.retry_after)
    csrf.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    auth.init_login(app)
    i18n.init_templates(app)
    security.init_headers(app)


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .ids import IdConverter
    from .open311 import bp as open311_bp
    from .public import bp as public_bp
    from .staff import bp as staff_bp

    app.url_map.converters["id"] = IdConverter  # before the routes that use it are added
    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(open311_bp)
    app.register_blueprint(api_bp)


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.register(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.register(app)
