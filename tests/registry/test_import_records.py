"""import_records: each kind with good and bad files; all rows or none."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from registry.models import Agency, Company, CourtCase, ListEntry, Penalty
from tests import factories

pytestmark = pytest.mark.django_db

AGENCIES = """name,name_en,kind,region_code,court_code
北京市海淀区市场监督管理局,Haidian Market Regulation,market_regulation,110108,
北京市海淀区人民法院,Haidian District People's Court,court,110108,京0108
国家税务总局北京市税务局,Beijing Tax Service,tax,110000,
"""

COMPANY_HEADER = (
    "uscc,name,name_en,entity_type,legal_representative,registered_capital,currency,"
    "established_on,status,address,region_code,industry_code,business_scope,"
    "registration_authority\n"
)


def write(tmp_path, name, text, bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return str(path)


def run(kind, path, *args, language="en"):
    """The command speaks the active language (Chinese by default); the
    tests read its English messages unless they ask for another."""
    with translation.override(language):
        call_command("import_records", kind, path, *args)


def company_row(code, name="北京星河科技有限公司", capital="1,000,000", region="110108"):
    return (
        f'{code},{name},Xinghe Tech,limited_liability,王五,"{capital}",CNY,2019-05-01,'
        f"in_operation,北京市海淀区中关村大街1号,{region},65,软件开发,北京市海淀区市场监督管理局\n"
    )


@pytest.fixture
def agencies(tmp_path):
    run("agencies", write(tmp_path, "agencies.csv", AGENCIES))
    return Agency.objects.all()


@pytest.mark.smoke
def test_agencies_are_imported_with_kind_level_and_region(agencies):
    court = Agency.objects.get(name="北京市海淀区人民法院")
    assert court.kind == "court" and court.court_code == "京0108" and court.level == "county"
    assert Agency.objects.get(name="国家税务总局北京市税务局").level == "provincial"


def test_companies_from_csv_with_bom_are_imported_and_reimport_duplicates_nothing(
    tmp_path, agencies, capsys
):
    code1 = factories.valid_code(1)
    code2 = factories.valid_code(2)
    text = COMPANY_HEADER + company_row(code1) + company_row(code2, name="北京月光贸易有限公司")
    path = write(tmp_path, "companies.csv", text, bom=True)
    run("companies", path)
    company = Company.objects.get(uscc=code1)
    assert company.name == "北京星河科技有限公司"
    assert company.registered_capital == Decimal("1000000.00")
    assert company.region.code == "110108" and company.industry.code == "65"
    assert company.registration_authority.name == "北京市海淀区市场监督管理局"
    assert company.name_pinyin == "beijingxinghekejiyouxiangongsi"
    assert company.name_initials == "bjxhkjyxgs"
    run("companies", path)
    assert Company.objects.count() == 2
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_a_code_in_lower_case_with_spaces_is_normalised(tmp_path, agencies):
    code = factories.valid_code(3)
    messy = f"{code[:6]} {code[6:12]}-{code[12:]}".lower()
    run("companies", write(tmp_path, "c.csv", COMPANY_HEADER + company_row(messy)))
    assert Company.objects.filter(uscc=code).exists()


def test_a_bad_company_row_writes_nothing_and_names_line_column_and_reason(
    tmp_path, agencies, capsys
):
    good = factories.valid_code(4)
    wrong_check = factories.valid_code(5)[:17] + (
        "0" if not factories.valid_code(5).endswith("0") else "1"
    )
    text = (
        COMPANY_HEADER
        + company_row(good)
        + company_row(wrong_check, name="北京错误科技有限公司")
        + company_row(factories.valid_code(6), name="北京负数有限公司", capital="-5")
        + company_row(factories.valid_code(7), name="北京无区有限公司", region="999999")
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        run("companies", write(tmp_path, "bad.csv", text))
    errors = capsys.readouterr().err
    assert "line 3, column uscc: The check character" in errors
    assert "line 4, column registered_capital: An amount cannot be negative" in errors
    assert "line 5, column region_code: No GB/T 2260 division has the code “999999”" in errors
    assert "line 2" not in errors
    assert Company.objects.count() == 0


def test_a_quoted_field_over_several_lines_keeps_later_line_numbers_right(
    tmp_path, agencies, capsys
):
    multi = company_row(factories.valid_code(8)).replace("软件开发", '"软件开发\n技术咨询"')
    text = COMPANY_HEADER + multi + company_row("123", name="北京坏码有限公司")
    with pytest.raises(CommandError):
        run("companies", write(tmp_path, "multi.csv", text))
    assert "line 4, column uscc" in capsys.readouterr().err


def test_missing_and_unknown_columns_are_reported(tmp_path, agencies, capsys):
    with pytest.raises(CommandError):
        run("companies", write(tmp_path, "cols.csv", "uscc,nmae\n"))
    err = capsys.readouterr().err
    assert "Missing required column(s): name, entity_type" in err
    assert "Unknown column(s): nmae" in err


@pytest.fixture
def company(tmp_path, agencies):
    code = factories.valid_code(10)
    run("companies", write(tmp_path, "company.csv", COMPANY_HEADER + company_row(code)))
    return Company.objects.get(uscc=code)


PENALTY_HEADER = (
    "decision_number,uscc,violation_type,violation_facts,legal_basis,penalty_category,"
    "penalty_content,fine_amount,confiscated_amount,decided_on,publicity_until,authority\n"
)


def penalty_row(number, code, category="fine;confiscation", fine="50000", decided="2025-06-01"):
    return (
        f"{number},{code},market_order,发布虚假广告,《中华人民共和国广告法》第五十五条,"
        f"{category},罚款五万元并没收违法所得,{fine},1200.50,{decided},2026-06-01,"
        "北京市海淀区市场监督管理局\n"
    )


def test_penalties_are_imported_with_several_categories(tmp_path, company):
    path = write(
        tmp_path, "p.csv", PENALTY_HEADER + penalty_row("京海市监罚〔2025〕1号", company.uscc)
    )
    run("penalties", path)
    run("penalties", path)
    penalty = Penalty.objects.get()
    assert penalty.company == company and penalty.subject_name == company.name
    assert penalty.fine_amount == Decimal("50000.00")
    assert penalty.confiscated_amount == Decimal("1200.50")
    assert [c.category for c in penalty.categories.all()] == ["fine", "confiscation"]
    assert penalty.publicity_until == datetime.date(2026, 6, 1)


def test_a_bad_penalty_file_writes_nothing(tmp_path, company, capsys):
    text = (
        PENALTY_HEADER
        + penalty_row("京海市监罚〔2025〕1号", company.uscc)
        + penalty_row("京海市监罚〔2025〕2号", factories.valid_code(99))
        + penalty_row("京海市监罚〔2025〕3号", company.uscc, category="fine;flogging")
        + penalty_row("京海市监罚〔2025〕4号", company.uscc, decided="2025-13-01")
        + penalty_row("京海市监罚〔2025〕1号", company.uscc)
    )
    with pytest.raises(CommandError):
        run("penalties", write(tmp_path, "p.csv", text))
    err = capsys.readouterr().err
    assert "line 3, column uscc: No company with the credit code" in err
    assert "line 4, column penalty_category: Unknown value(s) flogging" in err
    assert "line 5, column decided_on: “2025-13-01” is not a date" in err
    assert "line 6, column decision_number: The same record is already on line 2" in err
    assert Penalty.objects.count() == 0


def test_penalties_from_xlsx_are_imported(tmp_path, company):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PENALTY_HEADER.strip().split(","))
    sheet.append(
        [
            "京海市监罚〔2025〕7号",
            company.uscc,
            "food_safety",
            "销售过期食品",
            "《中华人民共和国食品安全法》第一百二十四条",
            "warning;fine",
            "警告并罚款",
            80000,
            None,
            datetime.datetime(2025, 7, 1),
            None,
            "北京市海淀区市场监督管理局",
        ]
    )
    path = tmp_path / "p.xlsx"
    workbook.save(path)
    run("penalties", str(path))
    penalty = Penalty.objects.get()
    assert penalty.decided_on == datetime.date(2025, 7, 1)
    assert penalty.fine_amount == Decimal("80000.00")
    assert penalty.violation_type == "food_safety"


def test_a_bad_xlsx_row_is_named_by_its_sheet_row(tmp_path, company, capsys):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PENALTY_HEADER.strip().split(","))
    sheet.append(
        [
            "",
            company.uscc,
            "food_safety",
            "x",
            "y",
            "fine",
            "z",
            1,
            None,
            "2025-07-01",
            None,
            "北京市海淀区市场监督管理局",
        ]
    )
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError):
        run("penalties", str(path))
    assert "line 2, column decision_number: This column is required." in capsys.readouterr().err


CASE_HEADER = (
    "case_number,court,cause_of_action,case_type,filed_on,decided_on,plaintiffs,defendants,"
    "amount,outcome\n"
)


def test_cases_are_imported_with_parties_by_code_or_name(tmp_path, company):
    text = CASE_HEADER + (
        f"（2024）京0108民初123号,北京市海淀区人民法院,买卖合同纠纷,civil,2024-03-01,"
        f"2024-09-01,{company.uscc},赵六；北京星河科技有限公司,250000,判决被告支付货款\n"
    )
    path = write(tmp_path, "cases.csv", text)
    run("cases", path)
    run("cases", path)
    case = CourtCase.objects.get()
    assert case.case_number == "(2024)京0108民初123号"
    assert (case.year, case.court_code, case.type_code, case.serial) == (
        2024,
        "京0108",
        "民初",
        123,
    )
    parties = [(p.role, p.name, p.company_id) for p in case.parties.all()]
    assert parties == [
        ("plaintiff", company.name, company.pk),
        ("defendant", "赵六", None),
        ("defendant", "北京星河科技有限公司", company.pk),
    ]


def test_an_invalid_case_number_or_wrong_court_is_rejected(tmp_path, company, capsys):
    text = CASE_HEADER + (
        "2024京0108民初123号,北京市海淀区人民法院,,civil,2024-03-01,,甲,乙,,\n"
        "(2024)京0109民初1号,北京市海淀区人民法院,,civil,2024-03-01,,甲,乙,,\n"
        "(2024)京0108执1号,北京市海淀区人民法院,,civil,2024-03-01,,甲,乙,,\n"
        "(2024)京0108民初2号,北京市海淀区市场监督管理局,,civil,2024-03-01,,甲,乙,,\n"
    )
    with pytest.raises(CommandError):
        run("cases", write(tmp_path, "cases.csv", text))
    err = capsys.readouterr().err
    assert "line 2, column case_number: “2024京0108民初123号” is not a valid case number" in err
    assert "line 3, column case_number: The case number's court code 京0109" in err
    assert "line 4, column case_type: Case type civil does not match" in err
    assert "line 5, column court: “北京市海淀区市场监督管理局” is a market regulation agency" in err
    assert CourtCase.objects.count() == 0


LIST_HEADER = (
    "list_code,uscc,reason,listed_on,decision_number,authority,removed_on,removal_reason\n"
)


def test_list_entries_are_imported_opened_and_removed(tmp_path, company):
    authority = "北京市海淀区市场监督管理局"
    text = LIST_HEADER + (
        f"abnormal_operations,{company.uscc},未按规定期限公示年度报告,2024-07-01,"
        f"京海市监异〔2024〕1号,{authority},2024-09-01,已补报年度报告\n"
        f"abnormal_operations,{company.uscc},通过登记的住所无法联系,2025-04-01,"
        f"京海市监异〔2025〕9号,{authority},,\n"
    )
    run("list-entries", write(tmp_path, "l.csv", text))
    entries = ListEntry.objects.order_by("listed_on")
    assert [e.is_open for e in entries] == [False, True]
    assert entries[0].removal_reason == "已补报年度报告"
    assert entries[0].removal_authority.name == authority


def test_a_second_open_entry_on_the_same_list_is_refused_with_a_clear_message(
    tmp_path, company, capsys
):
    authority = "北京市海淀区市场监督管理局"
    text = LIST_HEADER + (
        f"abnormal_operations,{company.uscc},无法联系,2025-04-01,京海市监异〔2025〕1号,{authority},,\n"
        f"abnormal_operations,{company.uscc},无法联系,2025-05-01,京海市监异〔2025〕2号,{authority},,\n"
        f"red_herring,{company.uscc},x,2025-05-01,京海市监异〔2025〕3号,{authority},,\n"
        f"serious_violation,{company.uscc},x,2025-05-01,京海市监异〔2025〕4号,{authority},"
        "2025-04-01,移出\n"
    )
    with pytest.raises(CommandError):
        run("list-entries", write(tmp_path, "l.csv", text))
    err = capsys.readouterr().err
    assert "line 3, column uscc: 北京星河科技有限公司 is already on 经营异常名录" in err
    assert "line 4, column list_code: No credit list has the code “red_herring”" in err
    assert "line 5" in err and "removed_on" in err
    assert ListEntry.objects.count() == 0


def test_a_dry_run_reports_but_writes_nothing(tmp_path, capsys):
    run("agencies", write(tmp_path, "a.csv", AGENCIES), "--dry-run")
    assert "Dry run, nothing written. 3 row(s): 3 new" in capsys.readouterr().out
    assert Agency.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused_plainly(tmp_path, capsys):
    path = tmp_path / "gbk.csv"
    path.write_bytes(AGENCIES.encode("gbk"))
    with pytest.raises(CommandError):
        run("agencies", str(path))
    assert "not UTF-8" in capsys.readouterr().err


def test_a_row_the_database_refuses_is_reported_with_the_rule_it_breaks(tmp_path, company, capsys):
    header = PENALTY_HEADER.replace("authority\n", "authority,valid_until\n")
    row = penalty_row("京海市监罚〔2025〕1号", company.uscc).replace("\n", ",2025-01-01\n")
    with pytest.raises(CommandError):
        run("penalties", write(tmp_path, "p.csv", header + row))
    err = capsys.readouterr().err
    assert "line 2" in err
    assert "valid_until cannot be before decided_on" in err
    assert "registry_penalty_validity_after_decision" in err
    assert Penalty.objects.count() == 0


def test_messages_are_in_chinese_by_default(tmp_path, agencies, capsys):
    text = COMPANY_HEADER + company_row(factories.valid_code(11), region="999999")
    with pytest.raises(CommandError):
        run("companies", write(tmp_path, "zh.csv", text), language="zh-hans")
    assert "第2行" in capsys.readouterr().err
