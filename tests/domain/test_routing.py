"""Routing rules: conditions, keywords and priority."""
from petition_app.domain.cases import CaseKind
from petition_app.domain.routing import Rule, matches, split_keywords, suggest


def test_keywords_are_split_and_folded():
    assert split_keywords(" Cân, ĐO LƯỜNG;xăng dầu\n") == ("cân", "đo lường", "xăng dầu")
    assert split_keywords(None) == ()


def test_every_condition_must_hold():
    rule = Rule(1, 10, 7, kind=CaseKind.FEEDBACK, category="standards_metrology_quality",
                keywords=split_keywords("cân"))
    assert matches(rule, CaseKind.FEEDBACK, "standards_metrology_quality", "Cân điện tử sai")
    assert not matches(rule, CaseKind.COMPLAINT, "standards_metrology_quality", "Cân điện tử sai")
    assert not matches(rule, CaseKind.FEEDBACK, "other", "Cân điện tử sai")
    assert not matches(rule, CaseKind.FEEDBACK, "standards_metrology_quality", "Nhãn hiệu")


def test_keywords_match_whatever_the_case_of_the_letters():
    rule = Rule(1, 10, 7, keywords=split_keywords("bức xạ"))
    assert matches(rule, CaseKind.PETITION, None, "GIẤY PHÉP BỨC XẠ Y TẾ")


def test_a_rule_without_conditions_matches_nothing():
    assert not matches(Rule(1, 10, 7), CaseKind.PETITION, None, "bất cứ gì")


def test_the_lowest_priority_number_wins_then_the_oldest():
    rules = [Rule(3, 50, 30, keywords=("cân",)), Rule(2, 10, 20, keywords=("cân",)),
             Rule(1, 10, 10, keywords=("cân",)), Rule(4, 1, 40, keywords=("nhãn hiệu",))]
    assert suggest(rules, CaseKind.FEEDBACK, None, "cân sai").unit_id == 10
    assert suggest(rules, CaseKind.FEEDBACK, None, "không liên quan") is None
