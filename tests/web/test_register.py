"""The public register of outcomes: list, filters, search with or without diacritics, pages,
permanent URLs, the Atom feed, caching — and no petitioner data anywhere."""
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action, Outcome
from petition_app.extensions import db
from petition_app.models import Publication
from petition_app.services import register
from petition_app.services.workflow import ActionInput, take_action
from tests.web.intake_helpers import VALID
from tests.web.publishing_helpers import case_in_hand

ATOM = "{http://www.w3.org/2005/Atom}"
PERSONAL = [VALID["feedback"]["full_name"], VALID["feedback"]["phone"], VALID["feedback"]["email"], "Lê Lợi",
            VALID["info_request"]["full_name"], VALID["info_request"]["email"], VALID["feedback"]["subject"]]


@pytest.fixture
def published(app, make_unit, make_user, clock):
    """Three outcomes published: feedback (2026, on time), an information request (late, 2025), a
    complaint approved by leadership; and one feedback resolved without publication."""
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")
    supervisor = make_user(Role.SUPERVISOR, "VP")
    summaries = {
        "feedback": ("Đã kiểm tra **cân điện tử** tại chợ Đông Ba; xử phạt cơ sở vi phạm đo lường.", Outcome.ANSWERED),
        "info_request": ("Đã cung cấp danh sách đề tài khoa học cấp tỉnh năm 2025.", Outcome.PROVIDED),
        "complaint": ("Khiếu nại về mức phạt là không có cơ sở; giữ nguyên Quyết định số 15/QĐ-XPHC.",
                      Outcome.REJECTED),
    }
    cases = {}
    for kind, (summary, outcome) in summaries.items():
        case = case_in_hand(app, make_user, kind)
        extra = {"decision_number": "25/QĐ-SKHCN", "decision_date": date(2026, 12, 1)} if kind == "complaint" else {}
        take_action(case.id, Action.RESOLVE, supervisor, version=case.version, now=clock.now,
                    given=ActionInput(outcome=outcome, answer="Trả lời", public_summary=summary, publish=True,
                                      **extra))
        cases[kind] = case
    hidden = case_in_hand(app, make_user, "petition_org")
    take_action(hidden.id, Action.RESOLVE, supervisor, version=hidden.version, now=clock.now,
                given=ActionInput(outcome=Outcome.ANSWERED, answer="Trả lời", public_summary="Không công khai",
                                  publish=False))
    cases["hidden"] = hidden
    late = db.session.scalars(sa.select(Publication).where(Publication.case_id == cases["info_request"].id)).one()
    late.is_late, late.resolved_on = True, date(2025, 12, 20)
    db.session.commit()
    return cases


def listed(client, query=""):
    response = client.get(f"/ket-qua{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    return body, {p.tracking_code for p in db.session.scalars(sa.select(Publication))
                  if f'href="/ket-qua/{p.tracking_code}"' in body}


def code_of(cases, kind):
    return cases[kind].tracking_code


def test_the_list_shows_published_outcomes_only(client, published):
    body, shown = listed(client)
    assert shown == {code_of(published, k) for k in ("feedback", "info_request", "complaint")}
    assert code_of(published, "hidden") not in body
    assert "<strong>cân điện tử</strong>" in body


@pytest.mark.parametrize("query, expected", [
    ("?loai=feedback", {"feedback"}),
    ("?loai=complaint", {"complaint"}),
    ("?ket_qua=provided", {"info_request"}),
    ("?nam=2025", {"info_request"}),
    ("?nam=2026", {"feedback", "complaint"}),
    ("?thoi_han=tre-han", {"info_request"}),
    ("?thoi_han=dung-han", {"feedback", "complaint"}),
    ("?q=can+dien+tu", {"feedback"}),  # typed without diacritics
    ("?q=cân+điện+tử", {"feedback"}),
    ("?q=DONG+BA", {"feedback"}),  # "Đông" folds to "dong": đ is d
    ("?q=de+tai+khoa+hoc", {"info_request"}),
    ("?q=15%2FQĐ-XPHC", {"complaint"}),
    ("?q=khong+co+gi+nhu+the", set()),
    ("?q=100%25", set()),  # LIKE wildcards are searched for, not used
])
def test_filters_and_search(client, published, query, expected):
    _, shown = listed(client, query)
    assert shown == {code_of(published, k) for k in expected}


def test_filter_by_unit_and_field(client, published):
    unit_id = db.session.scalar(sa.text("select id from units where code = 'CCTDC'"))
    _, shown = listed(client, f"?don_vi={unit_id}")
    assert len(shown) == 3
    vp = db.session.scalar(sa.text("select id from units where code = 'VP'"))
    assert listed(client, f"?don_vi={vp}")[1] == set()


@pytest.mark.parametrize("query, field", [
    ("?loai=khong-co", "loai"), ("?nam=abc", "nam"), ("?nam=1900", "nam"), ("?don_vi=xyz", "don_vi"),
    ("?thoi_han=som", "thoi_han"), ("?ket_qua=%3Cscript%3E", "ket_qua"),
])
def test_bad_filter_input_is_explained_by_its_field(client, published, query, field):
    response = client.get(f"/ket-qua{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in body and "<script>" not in body
    assert len(listed(client, query)[1]) == 3  # a field in error filters nothing


def test_bad_cursor_gives_the_first_page(client, published):
    for cursor in ("-1", "abc", "99999999999999999999", ""):
        assert len(listed(client, f"?truoc={cursor}")[1]) == 3


def test_pages_are_cut_by_keyset(client, published):
    first = register.list_outcomes(register.RegisterFilters(), size=2)
    second = register.list_outcomes(register.RegisterFilters(), before=first.next_cursor, size=2)
    assert len(first.rows) == 2 and len(second.rows) == 1 and second.next_cursor is None
    assert {r.id for r in first.rows}.isdisjoint({r.id for r in second.rows})
    assert [r.id for r in first.rows + second.rows] == sorted((r.id for r in first.rows + second.rows), reverse=True)


def test_the_permanent_page_of_a_published_outcome(client, published):
    code = code_of(published, "feedback")
    response = client.get(f"/ket-qua/{code}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã trả lời" in body and "Đúng hạn" in body and "Chi cục Tiêu chuẩn Đo lường Chất lượng" in body
    lower = client.get(f"/ket-qua/{code.lower().replace('-', '')}")
    assert lower.status_code == 301 and lower.headers["Location"].endswith(f"/ket-qua/{code}")


@pytest.mark.parametrize("kind_or_code", ["hidden", "XXXX-XXXX-XXXX-XXXX", "%3Cscript%3E", "0" * 500])
def test_a_code_not_published_is_404(client, published, kind_or_code):
    code = published[kind_or_code].tracking_code if kind_or_code in published else kind_or_code
    assert client.get(f"/ket-qua/{code}").status_code == 404


def test_no_petitioner_data_on_any_register_page(client, published):
    pages = [client.get("/ket-qua").get_data(as_text=True), client.get("/ket-qua/atom.xml").get_data(as_text=True)]
    pages += [client.get(f"/ket-qua/{c.tracking_code}").get_data(as_text=True) for k, c in published.items()
              if k != "hidden"]
    for body in pages:
        for value in PERSONAL:
            assert value not in body


def test_the_atom_feed_is_valid_atom(client, published):
    response = client.get("/ket-qua/atom.xml")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314  (our own feed, parsed to check it)
    assert feed.tag == f"{ATOM}feed"
    for name in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("title", "id", "updated", "summary"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip()
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/ket-qua/")
    assert entries[0].find(f"{ATOM}id").text.endswith(code_of(published, "complaint"))  # newest first


@pytest.mark.parametrize("path", ["/ket-qua", "/ket-qua?loai=feedback", "/ket-qua/atom.xml", "FEEDBACK"])
def test_pages_are_cacheable_and_a_conditional_get_gets_304(client, published, path, clock, app, make_user):
    path = f"/ket-qua/{code_of(published, 'feedback')}" if path == "FEEDBACK" else path
    first = client.get(path)
    assert first.status_code == 200
    assert "public" in first.headers["Cache-Control"] and "max-age=300" in first.headers["Cache-Control"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    # A new publication changes what the pages show: the old validators no longer match.
    clock.advance(days=1)
    case = published["hidden"]
    db.session.refresh(case)
    db.session.add(Publication(case_id=case.id, tracking_code=case.tracking_code, kind=case.kind, outcome=case.outcome,
                               resolved_on=date(2026, 11, 26), summary_html="<p>Mới</p>", search_text="moi",
                               published_at=clock.now + timedelta(seconds=1)))
    db.session.commit()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200
