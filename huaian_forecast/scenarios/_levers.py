# ruff: noqa: C408  (keyword-style rows read like a table)
"""The lever and uncertainty tables (data, not code).

Every row carries its Chinese and English label, unit, default, plausible range, the
sentence of the work report or the data row it comes from and, where the value is
assumed, ``assumption=True`` with the reason. :mod:`huaian_forecast.scenarios.scenario`
turns the rows into :class:`Lever` and :class:`Uncertainty` objects. Values are in the
listed unit; ``percent`` values become fractions in one place
(:meth:`Uncertainty.to_model`, :func:`scenarios.lever_path`).

Sources are cited by title and date: the bureau's work report is 淮安市科技局
《市科技局2024年上半年工作总结和下半年工作计划》 (2024-06-14), cited with its section; "data"
means a row of the bundled ``observations.csv`` (see ``data/SOURCES.md``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["LEVER_ROWS", "UNCERTAINTY_ROWS"]

_SEED = "淮安市科技局《市科技局2024年上半年工作总结和下半年工作计划》(2024-06-14)"

#: One dict per lever: keyword arguments of :class:`huaian_forecast.scenarios.scenario.Lever`.
LEVER_ROWS: tuple[dict[str, Any], ...] = (
    dict(key="first_time_applications", name_zh="高新技术企业首次申报数",
         name_en="First-time high-tech enterprise applications", unit="firms/yr",
         default=275.0, low=0.0, high=2000.0, unit_cost_yuan=500_000.0,
         cost_basis="reward per successful first-time certification (400,000 yuan before "
                    "Sept 2024; english.huaian.gov.cn, 2019-02-01 and 2024 policy news)",
         source=f"{_SEED} 三(二): 申报企业500家以上，有效期高企总数达900家; 一(三): "
                "梳理出拟申报高企对象500余家",
         assumption=True,
         reason="status-quo pace derived from the cohort reconstruction at central rates: "
                "2023 cohort 305 minus ~127 re-certifications of the 2020 cohort = ~178 "
                "first-time certifications, / 0.65 pass rate = ~275 applications; the "
                "work report's 500+ is the 2024 plan and may include re-applications of expiring "
                "certificates"),
    dict(key="recertification_support", name_zh="到期高企重新认定辅导覆盖率",
         name_en="Share of expiring certificates given re-certification support",
         unit="percent", default=30.0, low=0.0, high=100.0, unit_cost_yuan=200_000.0,
         cost_basis="reward per successful re-certification (english.huaian.gov.cn)",
         source=f"{_SEED} 二(二): 指导80多家企业整改600多项问题; 一(三): 邀请专家对第一批次"
                "拟申报82家企业开展预评审",
         assumption=True, reason="no published coverage; 30 % assumed for the status quo"),
    dict(key="tech_sme_pipeline", name_zh="评价入库科技型中小企业数",
         name_en="Registered technology-based SMEs (certification pipeline)", unit="firms",
         default=1800.0, low=500.0, high=6000.0, unit_cost_yuan=None,
         source=f"{_SEED} 三(二): 确保评价入库科技型中小企业超1800家",
         assumption=True, reason="the 2024 plan level is taken as the status quo "
                                 "(no earlier count published)"),
    dict(key="tech_projects", name_zh="新招引科技型项目数",
         name_en="Technology projects attracted per year", unit="projects/yr",
         default=400.0, low=0.0, high=1500.0, unit_cost_yuan=None,
         source=f"{_SEED} 四(一): 每年400多个“铺天盖地”的科技型项目落地; 三(二): "
                "全年新招引科技项目400个以上",
         assumption=False, reason=""),
    dict(key="rd_rewards", name_zh="研发投入财政奖补（市县两级）",
         name_en="Fiscal R&D rewards (city and counties)", unit="100m_cny/yr",
         default=0.5, low=0.0, high=10.0, unit_cost_yuan=1.0e8,
         cost_basis="the lever is money: 1亿元 per unit",
         source=f"{_SEED} 四(一): 三年来市县两级财政为近600家次企业累计补贴近1.5亿元 "
                "(1.5亿 / 3 years)",
         assumption=False, reason=""),
    dict(key="major_project_rd", name_zh="重特大项目新增研发投入",
         name_en="New R&D spending from major projects coming on stream",
         unit="100m_cny/yr", default=5.0, low=0.0, high=30.0, unit_cost_yuan=None,
         source=f"{_SEED} 一(一): 天合光能、中天钢铁、南高齿等50亿元以上重特大项目陆续投产达效，"
                "研发支出近10亿元",
         assumption=True,
         reason="the work report gives ~10亿 R&D of projects already on stream (Jan-May 2024); "
                "half of it is assumed as the yearly NEW increment of the status quo"),
    dict(key="rd_clearance_coverage", name_zh="规上企业研发活动覆盖率（研发准备金、清零行动）",
         name_en="Share of above-scale firms with R&D (reserve fund, zero-R&D clearance)",
         unit="percent", default=60.0, low=40.0, high=100.0, unit_cost_yuan=None,
         source=f"{_SEED} 三(二): 推动规上企业建立研发准备金制度…开展规上企业研发投入清零行动",
         assumption=True, reason="no published coverage; 60 % assumed for 2023"),
    dict(key="hightech_projects", name_zh="新竣工高科技工业项目数",
         name_en="New high-tech industrial projects completed per year",
         unit="projects/yr", default=80.0, low=0.0, high=300.0, unit_cost_yuan=None,
         source=f"{_SEED} 三(二): 新竣工高科技工业项目80个以上",
         assumption=True, reason="the 2024 plan level is taken as the status quo "
                                 "(no earlier count published)"),
    dict(key="new_key_labs", name_zh="省级以上重点实验室年度申建数",
         name_en="Attempts per year to establish provincial-or-higher key labs",
         unit="labs/yr", default=1.0, low=0.0, high=10.0, unit_cost_yuan=None,
         source=f"{_SEED} 四(一): 建有省重点实验室6个，新引进2个全国重点实验室、3个省部级实验室; "
                "四(四): 省级以上重点实验室 6 / 10 / 15 (2025 / 2030 / 2035)",
         assumption=True, reason="no count of recent applications published; 1 per year "
                                 "assumed for the status quo"),
)

_PCT = (0.0, 100.0)
_POS = (0.0, float("inf"))

#: One dict per uncertainty: keyword arguments of :class:`~huaian_forecast.scenarios.Uncertainty`.
UNCERTAINTY_ROWS: tuple[dict[str, Any], ...] = (
    # --- anchors (2023) --------------------------------------------------------------
    # FALLBACKS: simulate() reads these levels from the history table it is given (the
    # bundled data by default; see huaian_forecast.structural.anchors). A row below is
    # used as is only when the history has no row for it; a bound in the history replaces
    # the matching end of the row's range, a point replaces the row.
    dict(key="rd_spend_2023", name_zh="2023年全社会研发投入", name_en="R&D spending 2023",
         unit="100m_cny", distribution="triangular", low=100.0, default=103.0, high=108.0,
         bounds=_POS, source="data: Huai'an rd_spend 2023 lower_bound 100 (去年淮安市全社会研发"
                             "投入首次突破100亿元)",
         assumption=True, reason="published only as a lower bound; the upper end 108 and the "
                                 "mode 103 are assumed (kept when the history gives only a "
                                 "lower bound)"),
    dict(key="rd_intensity_2023", name_zh="2023年研发投入强度", name_en="R&D intensity 2023",
         unit="percent", distribution="triangular", low=2.0, default=2.05, high=2.15,
         bounds=_PCT, source="data: rd_intensity 2023 lower_bound 2.0 (report: 首次超过2%) and "
                             "approx 2.1 (预计全社会研发投入占比达2.1%)",
         assumption=True, reason="bounds from the two published statements; shape assumed. "
                                 "Fallback only: with the bundled data the approx 2.1 becomes "
                                 "a normal (s.d. 5 %, low confidence) truncated at the 2.0 "
                                 "bound. Without a GDP point GDP 2023 is derived per path as "
                                 "spend / intensity"),
    dict(key="hte_count_2023", name_zh="2023年有效高企数", name_en="Valid HTEs 2023",
         unit="firms", distribution="fixed", low=768.0, default=768.0, high=768.0,
         bounds=_POS, source="data: hte_count 2023 exact 768 (report: 国家高新技术企业数达768家)",
         assumption=False, reason=""),
    dict(key="hte_cohort_growth", name_zh="2021–2023年认定批次年增长率",
         name_en="Growth of yearly certification cohorts before 2024", unit="percent/yr",
         distribution="triangular", low=14.0, default=18.0, high=24.0, bounds=(-50.0, 100.0),
         source="derived: (768 / 286)^(1/6) - 1 = 17.9 % (data: hte_count 2017 derived 286, "
                "2023 exact 768); >= 14 % from the 2022 upper bound 673",
         assumption=True, reason="used to split the 2023 stock into three cohorts; "
                                 "geometric cohort growth is an assumption. Replaced by the "
                                 "stock's log-linear growth when the history has two or more "
                                 "hte_count points in 2019-2023"),
    dict(key="hightech_share_2023", name_zh="2023年高新技术产业产值占比",
         name_en="High-tech output share 2023", unit="percent", distribution="fixed",
         low=31.6, default=31.6, high=31.6, bounds=_PCT,
         source="data: hightech_share 2023 exact 31.6 (work report)", assumption=False, reason=""),
    dict(key="industrial_output_2023", name_zh="2023年规上工业总产值",
         name_en="Above-scale industrial output 2023", unit="100m_cny",
         distribution="triangular", low=4000.0, default=5000.0, high=6500.0, bounds=_POS,
         source="not in the public data; check: with 2013 high-tech output 1130亿 (data, "
                "approx) and the 31.6 % share, 4000 / 5000 / 6500 imply high-tech growth of "
                "1.1 / 3.4 / 6.2 %/yr over 2013-2023", assumption=True,
         reason="set near the derived 2023 GDP (~5,000亿); only the scale of project output "
                "relative to industry depends on it; replace with the statistics bureau's figure"),
    dict(key="key_labs_2023", name_zh="2023年省级以上重点实验室数",
         name_en="Provincial-or-higher key labs 2023", unit="labs", distribution="fixed",
         low=6.0, default=6.0, high=6.0, bounds=_POS,
         source="data: key_labs 2023 exact 6 (report: 建有省重点实验室6个; the 2 national and 3 "
                "provincial-ministerial labs newly introduced are not counted)",
         assumption=False, reason=""),
    # --- GDP ---------------------------------------------------------------------------
    dict(key="gdp_real_growth", name_zh="GDP实际增速（2024–2035年均）",
         name_en="Real GDP growth (2024-2035 average)", unit="percent/yr",
         distribution="triangular", low=3.5, default=5.5, high=7.5, bounds=(-20.0, 30.0),
         source="data: gdp_real_growth 2023 exact 7.8", assumption=True,
         reason="a slowing trend below 2023's 7.8 % is assumed"),
    dict(key="gdp_deflator", name_zh="GDP平减指数年变化", name_en="GDP deflator change",
         unit="percent/yr", distribution="triangular", low=-1.0, default=1.0, high=3.0,
         bounds=(-20.0, 30.0), source="no regional deflator in the data", assumption=True,
         reason="low inflation assumed"),
    dict(key="gdp_volatility", name_zh="GDP名义增速年波动", name_en="Year-to-year s.d. of "
         "nominal GDP growth", unit="percent", distribution="fixed", low=1.5, default=1.5,
         high=1.5, bounds=_PCT, source="-", assumption=True, reason="assumed"),
    # --- R&D spending ------------------------------------------------------------------
    dict(key="rd_relative_growth", name_zh="研发投入相对GDP的内生增速",
         name_en="Organic growth of R&D spending above nominal GDP growth (no lever effects)",
         unit="percent/yr", distribution="triangular", low=0.0, default=2.5, high=5.0,
         bounds=(-30.0, 30.0),
         source="data: Jiangsu rd_intensity 2.54 (2014) -> 3.12 (2022) = +2.6 %/yr relative "
                "(rd_spend 1653 -> 3835.4, +11.1 %/yr); Huai'an's faster recent rise (report: "
                "三年年均增长20%) is attributed to the major_project_rd lever",
         assumption=True, reason="range assumed around the Jiangsu rate"),
    dict(key="rd_volatility", name_zh="研发投入增速年波动（GDP之外）",
         name_en="Year-to-year s.d. of R&D growth beyond GDP shocks", unit="percent",
         distribution="fixed", low=3.0, default=3.0, high=3.0, bounds=_PCT, source="-",
         assumption=True, reason="assumed"),
    dict(key="rd_reward_leverage", name_zh="财政奖补撬动研发倍数",
         name_en="Private R&D induced per yuan of fiscal reward", unit="yuan/yuan",
         distribution="triangular", low=0.5, default=1.5, high=3.0, bounds=(0.0, 20.0),
         source="-", assumption=True,
         reason="no Huai'an estimate; a crowding-in between 0.5 and 3 is assumed"),
    dict(key="rd_per_coverage_point", name_zh="覆盖率每提高1个百分点新增研发",
         name_en="R&D added per percentage point of R&D coverage", unit="100m_cny/point",
         distribution="triangular", low=0.1, default=0.3, high=0.6, bounds=_POS, source="-",
         assumption=True, reason="newly covered firms are small; assumed 0.1-0.6亿 per point"),
    # --- certification -----------------------------------------------------------------
    dict(key="first_time_pass_rate", name_zh="首次申报通过率", name_en="First-time pass rate",
         unit="percent", distribution="triangular", low=50.0, default=65.0, high=80.0,
         bounds=_PCT, source="-", assumption=True, reason="no Huai'an pass rate published"),
    dict(key="recert_success", name_zh="到期重新认定成功率（无辅导）",
         name_en="Re-certification success without support", unit="percent",
         distribution="triangular", low=55.0, default=70.0, high=85.0, bounds=_PCT,
         source="《高新技术企业认定管理办法》(国科发火〔2016〕32号): at expiry a firm "
                "must re-apply through the full procedure (重新认定)", assumption=True,
         reason="no Huai'an rate published"),
    dict(key="recert_support_uplift", name_zh="辅导对重新认定失败率的降低",
         name_en="Share of re-certification failures avoided by support", unit="percent",
         distribution="triangular", low=0.0, default=30.0, high=60.0, bounds=_PCT,
         source="-", assumption=True, reason="effect of pre-review and rectification assumed"),
    dict(key="hte_attrition", name_zh="有效期内年取消率", name_en="Yearly disqualification "
         "hazard of valid HTEs", unit="percent/yr", distribution="triangular", low=0.0,
         default=2.0, high=5.0, bounds=_PCT,
         source="《高新技术企业认定管理办法》(国科发火〔2016〕32号): two years without "
                "filing or no longer meeting the conditions means disqualification",
         assumption=True, reason="rate assumed"),
    dict(key="application_share_cap", name_zh="科技型中小企业年申报上限比例",
         name_en="Most first-time applications per year, as share of the SME pipeline",
         unit="percent", distribution="triangular", low=20.0, default=30.0, high=45.0,
         bounds=_PCT, source=f"{_SEED} 三(二): 申报企业500家以上 with 科技型中小企业超1800家",
         assumption=True, reason="the work report plans 500 of 1800 (28 %); cap assumed 20-45 %"),
    dict(key="tech_project_to_pipeline", name_zh="科技招商项目进入科技型中小企业库比例",
         name_en="Share of attracted technology projects entering the SME pipeline",
         unit="percent", distribution="triangular", low=20.0, default=50.0, high=80.0,
         bounds=_PCT, source="-", assumption=True, reason="assumed"),
    # --- high-tech output --------------------------------------------------------------
    dict(key="hightech_relative_growth", name_zh="高新技术产业产值相对增速（不含新项目）",
         name_en="Excess growth of high-tech over other industrial output (base)",
         unit="percent/yr", distribution="triangular", low=-1.0, default=1.5, high=4.0,
         bounds=(-30.0, 30.0),
         source="data: Jiangsu hightech_share 40 (2015) -> 49.9 (2023): logit slope "
                "+5.0 %/yr including new projects", assumption=True,
         reason="base excess growth without new projects assumed below Jiangsu's total"),
    dict(key="output_volatility", name_zh="高新技术产值增速年波动",
         name_en="Year-to-year s.d. of high-tech output growth", unit="percent",
         distribution="fixed", low=2.0, default=2.0, high=2.0, bounds=_PCT, source="-",
         assumption=True, reason="assumed"),
    dict(key="output_per_project", name_zh="每个新竣工高科技项目达产产值",
         name_en="Output at full production per new high-tech project",
         unit="100m_cny/project", distribution="triangular", low=0.3, default=1.0, high=2.5,
         bounds=_POS, source="-", assumption=True, reason="no project-level data published"),
    dict(key="project_ramp_rate", name_zh="项目达产速度", name_en="Share of remaining "
         "capacity reached each year", unit="percent/yr", distribution="triangular",
         low=30.0, default=50.0, high=80.0, bounds=(0.0, 100.0), source="-", assumption=True,
         reason="ramp-up over 1-3 years assumed"),
    dict(key="output_per_new_hte", name_zh="每家新认定高企新增高新技术产值",
         name_en="High-tech output added per first-time certified firm",
         unit="100m_cny/firm", distribution="triangular", low=0.0, default=0.05, high=0.2,
         bounds=_POS, source="-", assumption=True,
         reason="high-tech output is defined by sector, not certificate; a small link assumed"),
    # --- key labs ----------------------------------------------------------------------
    dict(key="key_lab_success", name_zh="重点实验室申建成功率", name_en="Success rate of a "
         "key-lab attempt", unit="percent", distribution="triangular", low=30.0,
         default=50.0, high=70.0, bounds=_PCT, source="-", assumption=True, reason="assumed"),
    dict(key="key_lab_attrition", name_zh="重点实验室年撤销率", name_en="Yearly de-listing "
         "hazard of key labs", unit="percent/yr", distribution="triangular", low=0.0,
         default=1.0, high=3.0, bounds=_PCT, source="-", assumption=True,
         reason="periodic evaluations can de-list a lab; rate assumed"),
)
