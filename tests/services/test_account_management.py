"""The last-admin rule holds when two admins demote each other at the same moment (PostgreSQL)."""
import threading
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import User
from petition_app.services.account_management import AccountInput, AccountRefused, update_account

NOW = datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc)


@pytest.mark.postgres_only
def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, make_user):
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    pairs = [(first.id, second.id, first.unit_id), (second.id, first.id, second.unit_id)]
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(target_id, actor_id, unit_id):
        with app.app_context():
            try:
                actor, target = db.session.get(User, actor_id), db.session.get(User, target_id)
                data = AccountInput(target.username, target.full_name, None, Role.HANDLER, unit_id)
                barrier.wait()
                update_account(target_id, data, actor=actor, now=NOW)
                outcomes.append("demoted")
            except AccountRefused:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=demote, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["demoted", "refused"]
    db.session.expire_all()
    admins = db.session.scalar(sa.select(sa.func.count()).where(User.role == Role.ADMIN, User.is_active_account))
    assert admins == 1
