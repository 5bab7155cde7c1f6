"""Upload storage that is not writable or full (issue 14, faults): the citizen gets the form back
with what was typed and a clear message next to the files, no case is made without its files, and
no file (or piece of one) is left behind. When the storage is back, the same form goes through.

"Full" is a real full file system: a 64 KiB tmpfs mounted for the test (needs root, as in the
project's container; skipped otherwise). "Not writable" is a tmpfs mounted read-only (root ignores
file modes, so chmod would prove nothing for root); as another user, a folder without write
permission."""
import io
import os
import shutil
import subprocess

import pytest

from tests.files import PDF
from tests.web.intake_helpers import NOTHING, VALID, counts, open_form, submit

MOUNT, UMOUNT = shutil.which("mount") or "/bin/mount", shutil.which("umount") or "/bin/umount"
STORAGE_MESSAGE = "không lưu được tệp đính kèm"


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def _mount(target, *options: str) -> None:
    command = [MOUNT, "-t", "tmpfs", "-o", ",".join(["size=64k", *options]), "tmpfs", str(target)]
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()[:80]}): needs root")


@pytest.fixture
def storage(app, tmp_path):
    """The upload folder as a small file system of its own; ``remount`` changes its options."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    app.config["UPLOAD_FOLDER"] = str(folder)  # read at each upload
    mounted = []

    class Storage:
        path = folder

        def mount(self, *options):
            if os.geteuid() != 0:
                pytest.skip("mounting a tmpfs needs root")
            _mount(folder, *options)
            mounted.append(folder)

        def remount(self, *options):
            subprocess.run([MOUNT, "-o", ",".join(["remount", *options]), str(folder)], check=True)  # noqa: S603

    yield Storage()
    for target in mounted:
        subprocess.run([UMOUNT, str(target)], check=False)  # noqa: S603


def _pdf(size: int) -> tuple[io.BytesIO, str]:
    return io.BytesIO(PDF + b"%" + b"0" * (size - len(PDF) - 1)), "bien-ban.pdf"


def _refused_and_kept(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert STORAGE_MESSAGE in page
    assert VALID["feedback"]["subject"] in page and VALID["feedback"]["full_name"] in page  # input kept


def test_a_full_disk_keeps_the_form_and_leaves_no_case_and_no_piece_of_a_file(storage, client):
    storage.mount()
    small = _pdf(8 * 1024)
    big = _pdf(200 * 1024)  # the first one fits, the second fills the disk part way
    response = submit(client, VALID["feedback"], files=[small, big])
    _refused_and_kept(response)
    assert counts() == NOTHING
    assert list(storage.path.iterdir()) == []  # neither the first file nor the piece of the second


def test_a_read_only_upload_folder_keeps_the_form_and_then_recovers(storage, client):
    storage.mount("ro")
    tokens = open_form(client)
    response = submit(client, VALID["feedback"], files=[_pdf(4 * 1024)], tokens=tokens)
    _refused_and_kept(response)
    assert counts() == NOTHING

    storage.remount("rw")
    response = submit(client, VALID["feedback"], files=[_pdf(4 * 1024)], tokens=tokens)
    assert response.status_code == 303
    assert counts() == {**NOTHING, "cases": 1, "petitioners": 1, "attachments": 1, "case_events": 1,
                        "outbox_messages": 1}
    assert len(list(storage.path.iterdir())) == 1


def test_the_desk_intake_says_the_same_and_keeps_nothing(storage, client, login):
    from petition_app.domain.cases import Role
    from tests.web.test_desk_intake import desk_form

    storage.mount("ro")
    login(Role.RECEPTION)
    data = {**desk_form(client), **VALID["feedback"], "consent_means": "in_person_verbal",
            "attachments": [_pdf(4 * 1024)]}
    response = client.post("/staff/cases/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert STORAGE_MESSAGE in response.get_data(as_text=True)
    assert counts()["cases"] == 0
    assert list(storage.path.iterdir()) == []


def test_a_form_without_files_still_goes_through_when_the_storage_is_read_only(storage, client):
    storage.mount("ro")
    assert submit(client, VALID["feedback"]).status_code == 303
    assert counts()["cases"] == 1
