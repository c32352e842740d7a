"""One realistic row per import kind, for the templates staff download from
the import page (``registry.admin.import_help``): every column of the kind,
filled as a decision would fill it."""

from registry import uscc

# A well-formed credit code (its check character computed), of no real company.
EXAMPLE_CODE = uscc.with_check_character("91110108MA01A2B3C")
EXAMPLE_AGENCY = "北京市海淀区市场监督管理局"
EXAMPLE_COURT = "北京市海淀区人民法院"

EXAMPLES: dict[str, dict[str, str]] = {
    "agencies": {
        "name": EXAMPLE_AGENCY,
        "kind": "market_regulation",
        "name_en": "Haidian District Administration for Market Regulation, Beijing",
        "region_code": "110108",
        "level": "county",
        "credit_code": "",
        "court_code": "",
    },
    "companies": {
        "uscc": EXAMPLE_CODE,
        "name": "北京甲乙科技有限公司",
        "entity_type": "limited_liability",
        "name_en": "Beijing Jiayi Technology Co., Ltd.",
        "legal_representative": "张三",
        "registered_capital": "1000000.00",
        "currency": "CNY",
        "established_on": "2015-03-01",
        "term_end": "",
        "status": "in_operation",
        "address": "北京市海淀区中关村大街1号",
        "region_code": "110108",
        "industry_code": "65",
        "business_scope": "技术开发、技术咨询、技术服务",
        "registration_authority": EXAMPLE_AGENCY,
    },
    "penalties": {
        "decision_number": "京海市监罚〔2025〕123号",
        "uscc": EXAMPLE_CODE,
        "violation_type": "food_safety",
        "violation_facts": "销售超过保质期的食品",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "penalty_category": "warning;fine",
        "penalty_content": "警告，罚款人民币二万元",
        "decided_on": "2025-06-01",
        "authority": EXAMPLE_AGENCY,
        "fine_amount": "20000.00",
        "confiscated_amount": "",
        "publicity_until": "",
        "severity": "general",
        "simple_procedure": "false",
        "licence_affected": "",
        "valid_until": "",
        "data_source": "",
    },
    "cases": {
        "case_number": "(2024)京0108民初1234号",
        "court": EXAMPLE_COURT,
        "cause_of_action": "买卖合同纠纷",
        "case_type": "civil",
        "filed_on": "2024-03-01",
        "decided_on": "2024-09-20",
        "plaintiffs": "北京丙丁贸易有限公司",
        "defendants": EXAMPLE_CODE,
        "amount": "250000.00",
        "outcome": "被告于判决生效之日起十日内支付货款250000元",
        "procedure": "一审",
    },
    "list-entries": {
        "list_code": "abnormal_operations",
        "uscc": EXAMPLE_CODE,
        "reason": "通过登记的住所或者经营场所无法联系",
        "listed_on": "2025-04-01",
        "decision_number": "京海市监异〔2025〕15号",
        "authority": EXAMPLE_AGENCY,
        "removed_on": "",
        "removal_reason": "",
        "removal_authority": "",
        "removal_decision_number": "",
        "extended_until": "",
    },
}
