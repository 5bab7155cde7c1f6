"""flask commands for the data as a whole: backups and restores, retention of personal data."""
import click
from flask import current_app
from flask.cli import AppGroup

from .clock import utcnow

retention_cli = AppGroup("retention", help="Retention of personal data (Nghị định 13/2023/NĐ-CP).")


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="Only count what would be anonymised.")
def retention_apply_command(dry_run):
    """Anonymise the personal data of cases closed longer ago than their kind's retention period."""
    from .services.retention import apply_retention

    report = apply_retention(utcnow(), dry_run=dry_run)
    per_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(report.cases.items())) or "0"
    verb = "sẽ ẩn danh" if dry_run else "đã ẩn danh"
    click.echo(f"{verb} {report.total} hồ sơ ({per_kind}); {report.attachments} tệp đính kèm")


@retention_cli.command("list")
def retention_list_command():
    """Each kind's retention period and its basis."""
    from .services.retention import current_rules

    for kind, rule in current_rules().items():
        click.echo(f"{kind.value}\t{rule.years} năm\t{rule.basis}")


backup_cli = AppGroup("backup", help="Backups of the database and the attachments, and restores.")


@backup_cli.command("create")
@click.option("--output", "output_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the archive (default: BACKUP_FOLDER, instance/backups).")
def backup_create_command(output_dir):
    """Write one archive: every table from one snapshot, the attachments, a manifest with checksums."""
    from .services.backups import BackupRefused, create_backup

    try:
        result = create_backup(output_dir or current_app.config["BACKUP_FOLDER"], now=utcnow())
    except BackupRefused as refusal:
        raise click.ClickException(refusal.message) from None
    manifest = result.manifest
    files = sum(1 for name in manifest.files if name.startswith("uploads/"))
    click.echo(f"{result.path}")
    click.echo(f"{sum(manifest.tables.values())} dòng trong {len(manifest.tables)} bảng, {files} tệp đính kèm, "
               f"{result.path.stat().st_size} byte, {result.seconds:.1f} giây")
    for name in manifest.missing_uploads:
        click.echo(f"CẢNH BÁO: thiếu tệp đính kèm {name} (có trong CSDL, không có trên đĩa)", err=True)
    for name in result.damaged_uploads:
        click.echo(f"CẢNH BÁO: tệp đính kèm {name} khác mã sha256 đã ghi khi nhận", err=True)
    if manifest.missing_uploads or result.damaged_uploads:
        raise SystemExit(1)


@backup_cli.command("verify")
@click.argument("archive", type=click.Path(dir_okay=False))
def backup_verify_command(archive):
    """Read ARCHIVE through and check every checksum against its manifest; change nothing."""
    from .services.backups import BackupRefused, check_archive

    try:
        manifest = check_archive(archive)
    except BackupRefused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(f"bản sao lưu nguyên vẹn: tạo lúc {manifest.created_at}, phiên bản {manifest.alembic_revision}, "
               f"{sum(manifest.tables.values())} dòng, {len(manifest.files)} mục")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False))
def backup_restore_command(archive):
    """Restore ARCHIVE into the configured database, which must be empty, then verify the audit trail."""
    from .services.backups import BackupRefused
    from .services.restore import restore_backup

    try:
        result = restore_backup(archive)
    except BackupRefused as refusal:
        raise click.ClickException(refusal.message) from None
    for name, rows in sorted(result.counts.items()):
        if rows:
            click.echo(f"{name}\t{rows}")
    click.echo(f"{result.files} tệp đính kèm đã ghi")
    if result.audit_intact:
        click.echo("audit trail intact")
        return
    for case_id, events in sorted(result.broken_case_chains.items()):
        click.echo(f"BROKEN case {case_id}: events {', '.join(map(str, events))}")
    for visit_id, events in sorted(result.broken_visit_chains.items()):
        click.echo(f"BROKEN visit {visit_id}: events {', '.join(map(str, events))}")
    raise SystemExit(1)


def register(app) -> None:
    app.cli.add_command(backup_cli)
    app.cli.add_command(retention_cli)
