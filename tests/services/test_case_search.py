"""The staff search in a queue: every form staff type finds the case, ranked by relevance; a
protected denouncer's identity finds the case only for those who may see it (Luật Tố cáo 2018,
Điều 47), whatever the role."""
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, PetitionerType, Role
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case, Petitioner
from petition_app.services import case_search
from petition_app.services.access import identity_revealed_where, may_reveal_identity
from petition_app.services.cases import reveal_identity
from petition_app.services.queues import Filters, Sort, View, list_cases

TODAY = date(2026, 11, 25)
BASE = datetime(2026, 11, 1, 2, 0, tzinfo=timezone.utc)


def person(name, citizen_id, phone, email=None, protected=False):
    return Petitioner(type=PetitionerType.INDIVIDUAL, full_name=name, citizen_id=citizen_id, phone=phone,
                      email=email, is_protected=protected, consent_at=BASE)


@pytest.fixture
def world(app, make_unit, make_user):
    vp, a = make_unit("VP", "Văn phòng"), make_unit("A", "Phòng A")
    people = {"supervisor": make_user(Role.SUPERVISOR, "VP"), "head_a": make_user(Role.UNIT_HEAD, "A"),
              "handler_a": make_user(Role.HANDLER, "A"), "head_vp": make_user(Role.UNIT_HEAD, "VP"),
              "handler_vp": make_user(Role.HANDLER, "VP"), "reception": make_user(Role.RECEPTION, "VP"),
              "admin": make_user(Role.ADMIN, "VP")}

    def case(subject, content, unit, kind=CaseKind.FEEDBACK, petitioner=None, due=10):
        row = Case(tracking_code=new_tracking_code(), kind=kind, channel=Channel.ONLINE, status=CaseStatus.ACCEPTED,
                   subject=subject, content=content, unit_id=unit.id, petitioner=petitioner,
                   received_at=BASE, next_due=TODAY + timedelta(days=due), created_at=BASE, updated_at=BASE)
        db.session.add(row)
        return row

    cases = {
        "radiation": case("Rò rỉ bức xạ tại phòng chụp X-quang", "Phòng khám không che chắn.", a,
                          petitioner=person("Nguyễn Văn Đức", "001090012345", "+84912345678", "Duc.Nguyen@Example.vn"),
                          due=20),
        "scattered": case("Bức tường phòng xạ trị nứt", "Cần kiểm tra.", a, due=5),
        "fuel": case("Đo lường xăng dầu sai", "Cây xăng đường Đông Hà bơm thiếu.", vp, due=1),
        "denunciation": case("Tố cáo cán bộ thẩm định", "Cán bộ Y đòi tiền.", a, kind=CaseKind.DENUNCIATION,
                             petitioner=person("Trần Thị Mai", "079190054321", "+84987654321", "mai@example.vn")),
        # Once a denouncer, always protected: here on a feedback made from that petition.
        "ex_denouncer": case("Góp ý quy trình", "Đề nghị công khai.", a,
                             petitioner=person("Lê Văn Hùng", "001085011111", "+84903111222", protected=True)),
    }
    db.session.commit()
    return people, cases


def found(user, text, view=None, sort=Sort.DEADLINE, page_size=50):
    view = view or (View.ALL if user.role.sees_all_units else View.UNIT)
    seen, cursor = [], None
    while True:
        page = list_cases(user, view, Filters(text=text, sort=sort), today=TODAY, cursor=cursor, page_size=page_size)
        seen += page.cases
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


def ids(rows):
    return [c.id for c in rows]


@pytest.mark.parametrize("form", [str, str.lower, lambda c: c.replace("-", ""), lambda c: c.replace("-", "").lower(),
                                  lambda c: c.replace("-", " "), lambda c: c[:9].lower()])
def test_a_tracking_code_is_found_with_or_without_dashes_in_any_case(world, form):
    people, cases = world
    code = cases["fuel"].tracking_code
    assert ids(found(people["supervisor"], form(code))) == [cases["fuel"].id]


@pytest.mark.parametrize("typed", ["bức xạ", "buc xa", "BUC XA", "Bức Xạ", "  buc   xa "])
def test_words_with_or_without_diacritics_find_the_case_ranked_by_relevance(world, typed):
    """The words side by side first ("bức xạ"), then every word somewhere ("Bức tường … xạ trị"),
    even though the second's deadline is nearer."""
    people, cases = world
    assert ids(found(people["supervisor"], typed)) == [cases["radiation"].id, cases["scattered"].id]


@pytest.mark.parametrize("typed", ["do luong", "Đo lường", "dong ha", "ĐÔNG HÀ", "xang dau"])
def test_d_is_found_as_đ_and_content_is_searched(world, typed):
    people, cases = world
    assert ids(found(people["supervisor"], typed)) == [cases["fuel"].id]


@pytest.mark.parametrize("typed", ["Nguyễn Văn Đức", "nguyen van duc", "NGUYEN VAN DUC", "001090012345",
                                   "0912 345 678", "0912345678", "+84912345678", "duc.nguyen@example.vn",
                                   "Duc.Nguyen@Example.VN"])
def test_a_petitioner_is_found_by_name_cccd_phone_or_email(world, typed):
    people, cases = world
    for who in ("supervisor", "head_a", "handler_a"):
        assert ids(found(people[who], typed)) == [cases["radiation"].id], who
    assert found(people["handler_vp"], typed) == []  # not a case of their unit


def test_an_exact_match_ranks_above_words_in_the_text(world):
    """A search for a name finds the petitioner's case first, then cases whose text has the words."""
    people, cases = world
    cases["fuel"].content += " Ông Nguyễn Văn Đức chứng kiến."
    db.session.commit()
    assert ids(found(people["supervisor"], "nguyen van duc")) == [cases["radiation"].id, cases["fuel"].id]


DENOUNCER_SEARCHES = ["Trần Thị Mai", "tran thi mai", "079190054321", "0987 654 321", "mai@example.vn"]
EX_DENOUNCER_SEARCHES = ["Lê Văn Hùng", "le van hung", "001085011111", "0903111222"]
# Who may see a protected identity: leadership and the head of the handling unit (domain/access.py).
MAY_SEE = {"supervisor": True, "head_a": True, "handler_a": False, "head_vp": False, "handler_vp": False,
           "reception": False, "admin": False}


@pytest.mark.parametrize("who", list(MAY_SEE))
@pytest.mark.parametrize(("key", "searches"), [("denunciation", DENOUNCER_SEARCHES),
                                                ("ex_denouncer", EX_DENOUNCER_SEARCHES)])
def test_a_protected_identity_finds_the_case_only_for_whoever_may_see_it_and_did(world, make_user, clock, who, key,
                                                                                 searches):
    """Not before the reader's own audited reveal (someone else's does not count), and never for
    those who may not reveal: the result itself would name the denouncer."""
    people, cases = world
    user, case = people[who], cases[key]
    reveal_identity(make_user(Role.SUPERVISOR, "VP"), case.id, "Kiểm tra", second_factor_at=clock(), now=clock())
    for typed in searches:
        assert found(user, typed) == [], (who, typed)
    if MAY_SEE[who]:
        reveal_identity(user, case.id, "Kiểm tra", second_factor_at=clock(), now=clock())
    for typed in searches:
        assert ids(found(user, typed)) == ([case.id] if MAY_SEE[who] else []), (who, typed)


def test_a_denunciation_is_still_found_by_its_subject_by_its_unit(world):
    people, cases = world
    assert ids(found(people["handler_a"], "tham dinh")) == [cases["denunciation"].id]


@pytest.mark.parametrize("who", list(MAY_SEE))
def test_the_search_clause_and_the_case_page_agree_on_who_may_see_an_identity(world, who):
    people, cases = world
    user = people[who]
    if user.role is Role.ADMIN:  # admins do not work cases: nothing to reveal
        assert str(identity_revealed_where(user)) == str(sa.false())
    for case in cases.values():
        if case.petitioner is None or not (case.petitioner.is_protected or case.kind is CaseKind.DENUNCIATION):
            continue
        in_clause = db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(
            Case.id == case.id, identity_revealed_where(user))) == 1
        assert in_clause is may_reveal_identity(user, case), (who, case.subject)


def test_the_stored_text_follows_a_changed_subject_and_a_changed_name(world):
    people, cases = world
    cases["scattered"].subject = "Máy đo liều hỏng"
    cases["radiation"].petitioner.full_name = "Phạm Thị Hoa"
    db.session.commit()
    assert ids(found(people["supervisor"], "may do lieu")) == [cases["scattered"].id]
    assert ids(found(people["supervisor"], "pham thi hoa")) == [cases["radiation"].id]
    assert found(people["supervisor"], "nguyen van duc") == []


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("cap", [1000, 3])  # ranked in memory; too many to rank: the queue's order
@pytest.mark.parametrize("probe", [5000, 2])  # the first rows hold them all; the index must find them
@pytest.mark.parametrize("walkable", [100, 0])  # too many: sorted from the index; the order walked
def test_search_pages_walk_every_match_once(world, make_unit, sort, cap, probe, walkable, monkeypatch):
    people, cases = world
    unit = make_unit("A")
    for i in range(9):
        db.session.add(Case(tracking_code=new_tracking_code(), kind=CaseKind.PETITION, channel=Channel.POST,
                            status=CaseStatus.ON_HOLD if i % 3 == 0 else CaseStatus.ACCEPTED,
                            subject=f"Kiến nghị {i} về bức xạ", content="…", unit_id=unit.id, received_at=BASE,
                            next_due=None if i % 3 == 0 else TODAY + timedelta(days=i % 4), created_at=BASE,
                            updated_at=BASE + timedelta(hours=i % 5)))
    db.session.commit()
    monkeypatch.setattr(case_search, "CANDIDATE_CAP", cap)
    monkeypatch.setattr(case_search, "DENSE_PROBE", probe)
    monkeypatch.setattr(case_search, "WALKABLE", walkable)
    whole = found(people["supervisor"], "buc xa", sort=sort)
    for size in (1, 2, 4):
        paged = found(people["supervisor"], "buc xa", sort=sort, page_size=size)
        assert ids(paged) == ids(whole)
    assert len(whole) == 11 and len(set(ids(whole))) == 11
    if cap == 1000 and sort is Sort.DEADLINE:  # the phrase first, then by deadline (none last)
        assert whole[-1].id == cases["scattered"].id
        dues = [(c.next_due is None, c.next_due or date.max) for c in whole[:-1]]
        assert dues == sorted(dues)


def test_a_search_runs_as_many_statements_whatever_it_finds(world, app):
    people, _ = world
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        counts = []
        for typed in ("buc xa", "không có gì như thế", "001090012345"):
            statements.clear()
            list_cases(people["handler_a"], View.UNIT, Filters(text=typed), today=TODAY)
            counts.append(len(statements))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(set(counts[1:])) == 1, counts  # the first also reads the working calendar once


def test_a_cursor_from_elsewhere_starts_at_the_first_page(world):
    people, cases = world
    page = list_cases(people["supervisor"], View.ALL, Filters(text="buc xa"), today=TODAY, cursor="bm90LWEtY3Vyc29y")
    assert ids(page.cases) == [cases["radiation"].id, cases["scattered"].id]
