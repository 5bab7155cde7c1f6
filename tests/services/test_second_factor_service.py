"""One code, one use, even when two requests bring it at the same moment (PostgreSQL row lock);
a recovery code likewise."""
import threading
from datetime import datetime, timezone

import pyotp
import pytest

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import User
from petition_app.services import second_factor
from petition_app.services.second_factor import SecondFactorRefused
from tests.conftest import TEST_TOTP_SECRET

NOW = datetime(2026, 11, 25, 2, 30, 10, tzinfo=timezone.utc)


def _race(app, user_id, code):
    barrier = threading.Barrier(2)
    outcomes = []

    def use():
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                barrier.wait()
                second_factor.verify(user, code, now=NOW)
                outcomes.append("accepted")
            except SecondFactorRefused:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(outcomes)


@pytest.mark.postgres_only
def test_the_same_code_at_the_same_moment_is_accepted_once(app, make_user):
    user = make_user(Role.SUPERVISOR)
    assert _race(app, user.id, pyotp.TOTP(TEST_TOTP_SECRET).at(NOW)) == ["accepted", "refused"]


@pytest.mark.postgres_only
def test_the_same_recovery_code_at_the_same_moment_is_accepted_once(app, make_user):
    user = make_user(Role.HANDLER)
    second_factor.start_enrolment(user, now=NOW)
    secret = second_factor.factor_of(user).secret
    codes = second_factor.confirm_enrolment(user, pyotp.TOTP(secret).at(NOW), now=NOW)
    assert _race(app, user.id, codes[0]) == ["accepted", "refused"]
    assert second_factor.recovery_codes_left(user) == 9
