"""flask commands: users, outbox, demo data, audit, deadlines, scheduler, calendar, API partners,
reception, staff API tokens (backups and retention: data_cli.py)."""
import click
from flask import current_app
from flask.cli import AppGroup

from . import data_cli
from .clock import utcnow
from .domain.cases import Role
from .report_cli import reports_cli

users_cli = AppGroup("users", help="Staff accounts.")
outbox_cli = AppGroup("outbox", help="The mail outbox.")
demo_cli = AppGroup("demo", help="Demonstration data.")
audit_cli = AppGroup("audit", help="The audit trail.")
deadlines_cli = AppGroup("deadlines", help="Statutory deadlines.")
partners_cli = AppGroup("partners", help="Partner systems' Open311 API keys.")
scheduler_cli = AppGroup("scheduler", help="The scheduler process (run exactly one; others stand by).")
calendar_cli = AppGroup("calendar", help="The working-day calendar and its overrides.")
reception_cli = AppGroup("reception", help="The reception desk's log book.")
tokens_cli = AppGroup("api-tokens", help="Staff bearer tokens for /api/v1/.")


@tokens_cli.command("issue")
@click.argument("username")
@click.option("--days", type=int, default=90, show_default=True, help="Days until the token expires.")
def tokens_issue_command(username, days):
    """Issue a token for USERNAME; it is printed once and never stored in clear."""
    from .services.api_tokens import TokenRefused, issue

    try:
        row, token = issue(username, days=days, actor=None, now=utcnow())
    except TokenRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(token)
    click.echo(f"#{row.id}, hết hạn {row.expires_at:%d/%m/%Y %H:%M} UTC", err=True)


@tokens_cli.command("list")
def tokens_list_command():
    """Tokens: id, user, prefix, expiry, last use, state."""
    from .services.api_tokens import tokens

    now = utcnow()
    for row in tokens():
        state = (f"thu hồi {row.revoked_at:%d/%m/%Y}" if row.revoked_at else
                 "hết hạn" if row.expires_at <= now else "đang dùng")
        used = f"{row.last_used_at:%d/%m/%Y %H:%M}" if row.last_used_at else "chưa dùng"
        click.echo(f"#{row.id}\t{row.user.username}\tpst_{row.token_prefix}…\t"
                   f"{row.expires_at:%d/%m/%Y}\t{used}\t{state}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke_command(token_id):
    """Revoke token TOKEN_ID (the # of `list`)."""
    from .services.api_tokens import TokenRefused, revoke

    try:
        revoke(token_id, actor=None, now=utcnow())
    except TokenRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo("đã thu hồi")


@reception_cli.command("exports")
def build_log_exports_command():
    """Build the queued large files now: the log book's exports and long reports (the scheduler
    does it every few seconds)."""
    from .jobs import build_prepared_files

    click.echo(f"built {build_prepared_files(utcnow())} export(s)")


@calendar_cli.command("list")
@click.argument("year", type=int, required=False)
def calendar_list_command(year):
    """List YEAR's weekdays off and worked weekend days (default: this year)."""
    from .clock import local_date
    from .i18n import weekday_name
    from .services.working_calendar import year_days

    year = year or local_date(utcnow()).year
    off, worked = year_days(year)
    for heading, days in ((f"Ngày nghỉ năm {year} (ngoài thứ Bảy, Chủ nhật):", off),
                          (f"Ngày làm việc bù năm {year}:", worked)):
        click.echo(heading)
        for item in days:
            mark = f"  [điều chỉnh #{item.override.id}]" if item.override else ""
            click.echo(f"  {item.day:%d/%m/%Y} {weekday_name(item.day)}  {item.reason}{mark}")


def _parse_day(value: str):
    from datetime import datetime

    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r}: dùng dd/mm/yyyy hoặc yyyy-mm-dd")


@calendar_cli.command("add")
@click.argument("day")
@click.option("--working/--off", "is_working", required=True, help="Make DAY a working day, or a day off.")
@click.option("--reason", required=True, help="The decision behind it, e.g. the Prime Minister's notice.")
def calendar_add_command(day, is_working, reason):
    """Override DAY (dd/mm/yyyy) and recompute the open cases' deadlines."""
    from .services.calendar_changes import OverrideRefused, add_override

    try:
        result = add_override(_parse_day(day), is_working, reason, actor=None, now=utcnow())
    except OverrideRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(f"đã lưu; {result.checked} hồ sơ được tính lại, {result.changed} hồ sơ đổi thời hạn")


@calendar_cli.command("remove")
@click.argument("day")
def calendar_remove_command(day):
    """Remove the override of DAY and recompute the open cases' deadlines."""
    from .services.calendar_changes import OverrideRefused, remove_override
    from .services.working_calendar import active_overrides

    target = _parse_day(day)
    found = [o for o in active_overrides(target.year) if o.day == target]
    if not found:
        raise click.ClickException(f"Ngày {target:%d/%m/%Y} không có điều chỉnh nào.")
    try:
        result = remove_override(found[0].id, actor=None, now=utcnow())
    except OverrideRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(f"đã bỏ; {result.checked} hồ sơ được tính lại, {result.changed} hồ sơ đổi thời hạn")



@scheduler_cli.command("run")
def run_scheduler_command():
    """Run the deadline sweep, the outbox sender and the 07:30 digest until stopped."""
    from .jobs import run_scheduler

    run_scheduler(current_app._get_current_object())


@deadlines_cli.command("digest")
def digest_command():
    """Queue today's digest for unit heads and leadership (once a day)."""
    from .services.digest import send_digests

    click.echo(f"queued {send_digests(utcnow())} digests")


@deadlines_cli.command("sweep")
def sweep_command():
    """Set every open case's deadline state and send the reminders and escalations due."""
    from .services.sweep import sweep_deadlines

    r = sweep_deadlines(utcnow())
    click.echo(f"overdue +{r.to_overdue}, due soon +{r.to_due_soon}, on track +{r.to_on_track}, "
               f"cleared {r.cleared}, notices {r.notices}"
               + ("" if r.in_working_hours else " (outside working hours: notices wait)"))


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--unit", "unit_code", required=True, help="Unit code, e.g. VP, TTRA.")
@click.option("--name", "full_name", required=True, help="Full name shown to colleagues.")
@click.option("--email", default=None)
@click.password_option(help="At least 12 characters, not a common one; asked for (hidden) when not given.")
def create_user_command(username, role, unit_code, full_name, email, password):
    """Create a staff account."""
    from .services.accounts import AccountError, create_user

    try:
        user = create_user(username, full_name, password, Role(role), unit_code, email)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {user.username} ({user.role.value}, {user.unit.code})")


@users_cli.command("set-password")
@click.argument("username")
@click.password_option(prompt="Mật khẩu mới", help="Asked for (hidden) when not given.")
def set_password_command(username, password):
    """Give USERNAME a new password; every session of the account ends and its lock is lifted."""
    from .services.accounts import AccountError, set_password

    try:
        user = set_password(username, password, now=utcnow())
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"đã đặt mật khẩu mới cho {user.username}; mọi phiên đăng nhập của tài khoản đã kết thúc")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate_command(username):
    """Deactivate USERNAME: no more sign-ins, and every session of the account ends now."""
    _set_active(username, False)


@users_cli.command("activate")
@click.argument("username")
def activate_command(username):
    """Let USERNAME sign in again."""
    _set_active(username, True)


def _set_active(username, active):
    from .services.accounts import AccountError, set_active

    try:
        user = set_active(username, active, now=utcnow())
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"đã {'mở lại' if active else 'khóa'} tài khoản {user.username}")


@outbox_cli.command("send")
@click.option("--limit", type=int, default=None, help="At most this many messages.")
def send_outbox_command(limit):
    """Deliver the due messages; failures are kept and retried later."""
    from .services.outbox import send_due

    report = send_due(utcnow(), limit)
    click.echo(f"sent {report.sent}, failed {report.failed}, gave up {report.gave_up}")
    if report.failed and not report.sent:
        raise SystemExit(1)


@demo_cli.command("load")
def load_demo_command():
    """Load units, one user per role and sample cases — once; later runs change nothing."""
    from .demo import load_demo

    created = load_demo(now=utcnow())
    if created is None:
        click.echo("demo data already loaded; nothing changed")
        click.echo(f"Sign in at {current_app.config['PUBLIC_BASE_URL']}/staff/login")
        return
    click.echo("Demo users (these passwords are shown only now):")
    for username, role, password, _secret in created:
        click.echo(f"  {username:<12} {role:<11} {password}")
    click.echo("Leadership and admins also enter a six-digit code after the password. Put these secrets")
    click.echo("into an authenticator app, or run `flask demo code` for the code of the moment:")
    for username, _role, _password, secret in created:
        if secret:
            click.echo(f"  {username:<12} {secret}")
    click.echo(f"Sign in at {current_app.config['PUBLIC_BASE_URL']}/staff/login")


@demo_cli.command("code")
def demo_code_command():
    """The six-digit code of the moment for the demo users who sign in with a second factor."""
    from .demo import demo_codes

    codes = demo_codes(utcnow())
    if not codes:
        raise click.ClickException("no demo user with a second factor (run `flask demo load` on an empty database)")
    for username, code in codes:
        click.echo(f"  {username:<12} {code}")


@audit_cli.command("verify")
def verify_audit_command():
    """Recompute every case's and every visit's hash chain and report any event that was changed,
    removed or reordered."""
    import sqlalchemy as sa

    from .extensions import db
    from .models import Case
    from .services.audit import verify_chains, verify_visit_chains

    failures = verify_chains()
    visit_failures = verify_visit_chains()
    if not failures and not visit_failures:
        click.echo("audit trail intact")
        return
    codes = dict(db.session.execute(sa.select(Case.id, Case.tracking_code).where(Case.id.in_(failures))).all())
    for case_id, event_ids in sorted(failures.items()):
        click.echo(f"BROKEN case {codes.get(case_id, case_id)}: events {', '.join(map(str, event_ids))}")
    for visit_id, event_ids in sorted(visit_failures.items()):
        click.echo(f"BROKEN visit {visit_id}: events {', '.join(map(str, event_ids))}")
    raise SystemExit(1)


@partners_cli.command("issue")
@click.argument("name")
def partners_issue_command(name):
    """Issue a key for partner NAME; the key is printed once and stored only as a hash."""
    from .services.api_partners import PartnerRefused, issue

    try:
        _partner, key = issue(name, actor=None, now=utcnow())
    except PartnerRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(key)


@partners_cli.command("list")
def partners_list_command():
    """Partners, their key prefixes, last use, and whether revoked."""
    from .services.api_partners import partners

    for partner in partners():
        state = "đang dùng" if partner.is_active else f"thu hồi {partner.revoked_at:%d/%m/%Y}"
        used = f"{partner.last_used_at:%d/%m/%Y %H:%M}" if partner.last_used_at else "chưa dùng"
        click.echo(f"{partner.name}\t{partner.key_prefix}…\t{used}\t{state}")


@partners_cli.command("revoke")
@click.argument("name")
def partners_revoke_command(name):
    """Revoke partner NAME's key."""
    from .services.api_partners import PartnerRefused, partners, revoke

    found = [p for p in partners() if p.name == name and p.is_active]
    try:
        if not found:
            raise PartnerRefused("name", f"Không có khoá đang dùng của {name}.")
        revoke(found[0].id, actor=None, now=utcnow())
    except PartnerRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo("đã thu hồi")


def register(app) -> None:
    from .export_cli import national_export_command

    app.cli.add_command(national_export_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(deadlines_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(calendar_cli)
    app.cli.add_command(partners_cli)
    app.cli.add_command(reception_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(reports_cli)
    data_cli.register(app)
