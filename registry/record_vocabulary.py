# ruff: noqa: E501 (a table of the standard texts, each on its line)
"""English for the standard texts of the records: causes of action, the
reasons companies are put on credit lists and taken off them — the wording of
the national system and the regulations, which most records use verbatim.

``english(text)`` is the English of a standard text, or ``""`` for a text of
the record's own (which a page then quotes in Chinese). Texts with a year, an
amount or a count in them are matched by pattern.
"""

import re

TEXTS = {
    # Causes of action (civil, criminal, administrative).
    "买卖合同纠纷": "Sales contract dispute",
    "借款合同纠纷": "Loan contract dispute",
    "劳动争议": "Labour dispute",
    "建设工程施工合同纠纷": "Construction contract dispute",
    "民间借贷纠纷": "Private lending dispute",
    "房屋租赁合同纠纷": "Premises lease dispute",
    "服务合同纠纷": "Service contract dispute",
    "侵害商标权纠纷": "Trademark infringement dispute",
    "金融借款合同纠纷": "Bank loan contract dispute",
    "承揽合同纠纷": "Work contract dispute",
    "股权转让纠纷": "Equity transfer dispute",
    "运输合同纠纷": "Carriage contract dispute",
    "追索劳动报酬纠纷": "Claim for unpaid wages",
    "装饰装修合同纠纷": "Decoration contract dispute",
    "物业服务合同纠纷": "Property management contract dispute",
    "融资租赁合同纠纷": "Finance lease dispute",
    "虚开增值税专用发票罪": "Issuing false VAT invoices",
    "非法吸收公众存款罪": "Illegally taking public deposits",
    "污染环境罪": "Polluting the environment",
    "重大责任事故罪": "Causing a major accident",
    "生产、销售伪劣产品罪": "Producing or selling counterfeit or substandard products",
    "合同诈骗罪": "Contract fraud",
    "单位行贿罪": "Bribery by an organisation",
    "拒不支付劳动报酬罪": "Refusing to pay wages",
    "行政处罚": "Administrative penalty",
    "行政许可": "Administrative licensing",
    "工伤认定": "Work injury determination",
    "行政强制": "Administrative enforcement",
    "政府信息公开": "Government information disclosure",
    # Procedures of court cases.
    "一审": "First instance",
    "二审": "Second instance",
    "再审": "Retrial",
    "民事一审": "Civil, first instance",
    "民事二审": "Civil, second instance",
    "刑事一审": "Criminal, first instance",
    "行政一审": "Administrative, first instance",
    "首次执行": "Enforcement",
    "恢复执行": "Resumed enforcement",
    "财产保全执行": "Enforcement of a preservation order",
    "诉前财产保全": "Preservation of property before suit",
    # Reasons for listing and removal.
    "未在市场监督管理部门依照《企业信息公示暂行条例》第十条规定责令的期限内公示有关企业信息": (
        "Did not publish the required company information within the period set by the "
        "market regulator (Interim Regulations on Enterprise Information Publicity, art. 10)"
    ),
    "已履行企业信息公示义务，申请移出经营异常名录": (
        "Has published the required information and applied for removal from the list"
    ),
    "公示企业信息隐瞒真实情况、弄虚作假": "Concealed facts or falsified the information it published",
    "已更正其公示的企业信息，申请移出经营异常名录": (
        "Has corrected the information it published and applied for removal from the list"
    ),
    "通过登记的住所或者经营场所无法联系": "Cannot be reached at its registered address or premises",
    "依法办理住所或者经营场所变更登记，申请移出经营异常名录": (
        "Has registered a change of address or premises and applied for removal from the list"
    ),
    "提出通过登记的住所或者经营场所可以重新取得联系，申请移出经营异常名录": (
        "Can again be reached at its registered address or premises and applied for removal "
        "from the list"
    ),
    "被列入经营异常名录届满3年仍未履行相关义务": (
        "Still in breach three years after being put on the abnormal operations list"
    ),
    "提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得市场主体登记，情节严重": (
        "Obtained its registration with false documents or by other fraud, a serious case"
    ),
    "从事传销活动，情节严重，被处以较重行政处罚": (
        "Engaged in pyramid selling, a serious case, with a heavier administrative penalty"
    ),
    "一年内因同一类违法行为受到三次以上较重行政处罚": (
        "Three or more heavier administrative penalties for the same kind of offence in a year"
    ),
    "列入严重违法失信名单满一年，已履行行政处罚决定中规定的义务并纠正违法行为，经申请信用修复移出": (
        "Listed for a year, has met the penalty decision's obligations and corrected the "
        "offence; removed after credit repair on application"
    ),
    "列入严重违法失信名单届满三年，移出严重违法失信名单": "Removed at the end of three years on the list",
    "被执行人已履行生效法律文书确定的义务，删除失信信息": (
        "The debtor has performed the obligations of the effective legal document; "
        "the record was deleted"
    ),
    "失信期限届满，删除失信信息": "The listing period ended; the record was deleted",
    "有履行能力而拒不履行生效法律文书确定义务": (
        "Able to perform but refuses to perform the obligations of an effective legal document"
    ),
    "公布期届满，停止公布": "The publication period ended; no longer published",
    "已缴清税款、滞纳金和罚款，经申请提前停止公布": (
        "Has paid the tax, late fees and fines; publication ended early on application"
    ),
    "已改正拖欠农民工工资违法行为，且自改正之日起12个月内未再发生，经申请提前移出": (
        "Corrected the unpaid wages and no new case in 12 months; removed early on application"
    ),
    "列入期限届满3年，移出名单": "Removed at the end of the three-year listing period",
    "纳税信用A级评价结果有效期届满": "The Grade-A tax credit rating expired",
    "经海关认证为高级认证企业（AEO），适用海关通关便利措施": (
        "Certified by Customs as an Authorised Economic Operator (AEO), with simplified clearance"
    ),
    "已补报年度报告并公示": "Has filed and published the missing annual report",
    "已补报未报年份的年度报告并公示，申请移出经营异常名录": (
        "Has filed and published the missing annual reports and applied for removal from the list"
    ),
}

_NUMBER = r"(?P<{}>[\d,.]+)"
PATTERNS = [
    (
        r"未依照《企业信息公示暂行条例》第八条规定的期限公示(?P<year>\d{4})年度报告",
        "Did not publish its {year} annual report in time (Interim Regulations on Enterprise "
        "Information Publicity, art. 8)",
    ),
    (r"未按照规定期限公示年度报告", "Did not publish its annual report in time"),
    (
        r"偷税（逃避缴纳税款）" + _NUMBER.format("amount") + r"元，且占当年应纳税额百分之十以上",
        "Evaded ¥{amount} of tax, over 10% of the year's tax due",
    ),
    (
        r"虚开增值税专用发票" + _NUMBER.format("count") + r"份，价税合计" + _NUMBER.format("amount") + "元",
        "Issued {count} false VAT invoices totalling ¥{amount}",
    ),
    (
        r"以假报出口或者其他欺骗手段骗取国家出口退税款" + _NUMBER.format("amount") + "元",
        "Obtained ¥{amount} of export tax refunds by false exports or other fraud",
    ),
    (
        r"欠缴税款" + _NUMBER.format("amount") + r"元，采取转移或者隐匿财产的手段妨碍税务机关追缴",
        "Owes ¥{amount} of tax and hid or moved assets to obstruct its recovery",
    ),
    (
        r"克扣、无故拖欠" + _NUMBER.format("count") + r"名农民工工资共计" + _NUMBER.format("amount")
        + r"元，经责令限期支付逾期未支付，数额达到认定拒不支付劳动报酬罪数额标准",
        "Withheld ¥{amount} of wages of {count} migrant workers and did not pay when ordered, "
        "an amount that makes it the crime of refusing to pay wages",
    ),
    (
        r"因拖欠" + _NUMBER.format("count") + r"名农民工工资共计" + _NUMBER.format("amount")
        + r"元违法行为引发群体性事件，造成严重不良社会影响",
        "Unpaid wages of ¥{amount} owed to {count} migrant workers led to a mass incident",
    ),
    (r"(?P<year>\d{4})年度纳税信用评价为A级", "Rated Grade A for tax credit for {year}"),
]  # fmt: skip
_PATTERNS = [(re.compile(f"^{pattern}$"), english) for pattern, english in PATTERNS]


def english(text: str) -> str:
    """The English of a standard record text, or ``""`` when it is not one."""
    text = (text or "").strip().rstrip("。")
    if text in TEXTS:
        return TEXTS[text]
    for pattern, template in _PATTERNS:
        match = pattern.match(text)
        if match:
            return template.format(**match.groupdict())
    return ""
