"""Admin pages. Only admins reach them (checked once, in before_request)."""
import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from ..domain.cases import Role
from ..extensions import db
from ..models import Unit, User

bp = Blueprint("admin", __name__)


@bp.before_request
def require_admin():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.role is not Role.ADMIN:
        abort(404)
    return None


@bp.get("/")
def index():
    units = db.session.scalars(sa.select(Unit).order_by(Unit.code)).all()
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    return render_template("admin/index.html", units=units, users=users)
