"""Inline style sheet, script and wording of the HTML briefing (kept out of the builder)."""

from __future__ import annotations

__all__ = ["SCRIPT", "STYLE", "WORDS"]

# System font stacks first: the page never fetches a font. Chinese glyphs come from the
# reader's CJK font; "HF Noto Sans SC" is the subset embedded in the page (_html_font.py)
# for a system without one.
STYLE = """
:root { --ink:#1d1d1f; --muted:#5f6368; --line:#d9d9de; --ok:#e3f4e6; --mid:#fff4d6;
  --bad:#fde4e4; --split:#e6e8f2; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
  "Hiragino Sans GB","WenQuanYi Micro Hei","HF Noto Sans SC",system-ui,-apple-system,
  "Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; color: var(--ink); margin: 0 auto;
  max-width: 1000px; padding: 16px 24px 48px; line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.6em; margin: .4em 0 .1em; }
h2 { font-size: 1.25em; border-bottom: 2px solid var(--ink); padding-bottom: 2px;
  margin-top: 1.8em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
.facts, .muted, figcaption { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; font-size: .88em; margin: .5em 0; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left;
  vertical-align: top; }
th { background: #f3f3f6; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.p { text-align: center; white-space: nowrap; }
td.p small { display: block; color: var(--muted); }
td.on-track { background: var(--ok); } td.within-reach { background: var(--mid); }
td.needs-acceleration { background: var(--bad); } td.models-disagree { background: var(--split); }
.controls { position: sticky; top: 0; background: #fff; padding: 6px 0; z-index: 2;
  border-bottom: 1px solid var(--line); font-size: .9em; }
.controls label { margin-right: 14px; white-space: nowrap; cursor: pointer; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  vertical-align: -1px; margin: 0 3px; }
figure { margin: 1em 0 1.6em; position: relative; break-inside: avoid; }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
.tip { position: absolute; pointer-events: none; background: rgba(255,255,255,.95);
  border: 1px solid #999; border-radius: 4px; padding: 4px 7px; font-size: 12px;
  white-space: nowrap; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
.legend { font-size: .85em; color: var(--muted); }
details { margin: .4em 0; } code { font-size: .9em; }
.manifest td:first-child, .sources td:first-child { white-space: nowrap; }
.manifest td { word-break: break-all; font-size: .85em; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .controls, .tip, .no-print { display: none !important; }
  h2 { break-after: avoid; } figure, table { break-inside: avoid; }
  details > *:not(summary) { display: block; }
  a { color: inherit; text-decoration: none; }
}
"""

# Scenario toggles and hover read-outs. No library, no network, no innerHTML with data.
SCRIPT = """
(function () {
  "use strict";
  function fmt(v, dig) {
    return v.toLocaleString(undefined, {minimumFractionDigits: dig,
                                        maximumFractionDigits: dig});
  }
  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("[data-scenario]").forEach(function (el) {
        if (el.getAttribute("data-scenario") === box.value) {
          el.style.display = box.checked ? "" : "none";
        }
      });
    });
  });
  var boxes = {};  // scenario name -> its check-box (names may hold any character)
  document.querySelectorAll("input[data-toggle]").forEach(function (b) { boxes[b.value] = b; });
  document.querySelectorAll("figure.fan").forEach(function (fig) {
    var svg = fig.querySelector("svg"), tip = fig.querySelector(".tip");
    var guide = svg.querySelector(".guide");
    var data = JSON.parse(fig.querySelector("script.fan-data").textContent);
    var x0 = +svg.dataset.x0, x1 = +svg.dataset.x1, left = +svg.dataset.left;
    var w = +svg.dataset.plotWidth;
    function hide() { tip.hidden = true; guide.setAttribute("visibility", "hidden"); }
    svg.addEventListener("mouseleave", hide);
    svg.addEventListener("mousemove", function (ev) {
      var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
      var p = pt.matrixTransform(svg.getScreenCTM().inverse());
      var year = Math.round(x0 + (p.x - left) / w * (x1 - x0));
      var lines = [String(year)];
      if (data.history[year] !== undefined) {
        lines.push(data.words.observed + ": " + fmt(data.history[year], data.digits));
      }
      data.series.forEach(function (s) {
        var i = s.years.indexOf(year);
        var box = boxes[s.name];
        if (i < 0 || (box && !box.checked)) { return; }
        lines.push(s.name + ": " + fmt(s.median[i], data.digits) + "  (80%: " +
                   fmt(s.q10[i], data.digits) + " \\u2013 " + fmt(s.q90[i], data.digits) + ")");
      });
      if (lines.length === 1) { hide(); return; }
      tip.textContent = "";
      lines.forEach(function (t, k) {
        var div = document.createElement("div"); div.textContent = t;
        if (k === 0) { div.style.fontWeight = "bold"; }
        tip.appendChild(div);
      });
      var gx = left + (year - x0) / (x1 - x0) * w;
      guide.setAttribute("x1", gx); guide.setAttribute("x2", gx);
      guide.setAttribute("visibility", "visible");
      var r = fig.getBoundingClientRect();
      tip.style.left = Math.min(ev.clientX - r.left + 12, r.width - 260) + "px";
      tip.style.top = (ev.clientY - r.top + 12) + "px";
      tip.hidden = false;
    });
  });
})();
"""

#: Every sentence of the page in Chinese and English.
WORDS: dict[str, tuple[str, str]] = {
    "title": ("淮安市科技发展目标达成概率简报", "Will Huai'an reach its S&T targets? Briefing"),
    "facts": ("情景：{scenarios}；每个情景 {n:,} 条模拟路径；随机种子 {seed}；数据指纹 {hash}；"
              "生成时间 {created}。",
              "Scenarios: {scenarios}; {n:,} simulated paths each; seed {seed}; data hash "
              "{hash}; created {created}."),
    "show": ("显示情景：", "Show scenarios:"),
    "headline": ("一、目标 × 情景：达标概率", "1. Targets x scenarios: probability of reaching"),
    "headline_note": ("单元格：达标概率（±蒙特卡洛误差，95%，百分点；"
                      "“年内预估”行由年内进度数据推算，无蒙特卡洛误差）与进度判断。"
                      "“模型范围”为{scenario}情景下情景模型与各增长模型给出的达标概率的"
                      "最低至最高值（年内预估行：各项假设下）；其他情景的单元格另附其自身的范围"
                      "（“各模型”：各增长模型的现状加该情景在情景模型中的效应），判断据此给出。"
                      "颜色：绿=进度正常（≥0.7），黄=有望达成（0.3–0.7），红=需加快（<0.3），"
                      "灰=模型分歧（模型范围跨越 0.3 与 0.7 两个界限）。",
                      "Cell: probability of reaching the target (± Monte Carlo error, 95 %, "
                      "percentage points; 'nowcast' rows come from year-to-date figures and "
                      "have no Monte Carlo error) and the progress label. 'Models' is the "
                      "lowest to highest probability of the scenario model and every growth "
                      "family under the {scenario} scenario (nowcast rows: across the "
                      "nowcast's assumptions); another scenario's cell adds its own range "
                      "('models': each growth family's status quo plus the scenario's effect "
                      "in the scenario model), which its label is read from. "
                      "Colour: green on track (>= 0.7), amber within reach (0.3-0.7), red "
                      "needs acceleration (< 0.3), grey models disagree (the models' range "
                      "spans both 0.3 and 0.7)."),
    "col_target": ("目标", "Target"), "col_year": ("年份", "Year"),
    "col_models": ("模型范围（{scenario}）", "models ({scenario})"),
    "col_source": ("来源", "Source"),
    "fans": ("二、各指标预测扇形图", "2. Fan charts per indicator"),
    "fan_caption": ("{name}：色带为{scenario}情景的 50% / 80% / 95% 区间，"
                    "实线为其中位数，虚线为其他情景的中位数；★ 为目标（旁注达标概率）；"
                    "点为历史数据（实心=实际值，空心=约数，▲=下限，▼=上限）。鼠标悬停可读数。",
                    "{name}: bands are the 50 / 80 / 95 % intervals of the {scenario} scenario, "
                    "the solid line its median, dashed lines the other scenarios' medians; "
                    "stars are targets (with the probability); dots are history (filled "
                    "observed, open approximate, up-triangle lower bound, down-triangle upper "
                    "bound). Hover to read values."),
    "fan_ytd": ("旁注“年内预估”的★：表中该年的达标概率由年内进度数据推算，"
                "而扇形图是不含年内数据的模拟，两者可能不一致。",
                " Stars marked 'nowcast': the table's probability for that year comes from "
                "the year-to-date figures, while the fan is the simulation without them, so "
                "the two can disagree."),
    "observed": ("历史值", "observed"),
    "compare": ("三、情景比较", "3. Scenario comparison"),
    "compare_caption": ("各情景达标概率（条形）及 95% 蒙特卡洛误差（黑色细线）；灰色括线为模型"
                        "范围：情景模型与各增长模型给出的最低至最高概率（计划情景为增长模型"
                        "现状加情景效应），比蒙特卡洛误差更能说明不确定性；虚线括线为年内预估"
                        "的假设范围（非模型，各情景相同，只画一次）；无括线者仅一个模型。",
                        "Probability of reaching each target per scenario (bars) with the "
                        "95 % Monte Carlo error (thin black whiskers); the grey brackets are "
                        "the range across models, the lowest to highest probability of the "
                        "scenario model and each growth family (a plan: the families' "
                        "status quo plus its effect), the uncertainty that matters more; a "
                        "dashed bracket is a nowcast's range across its assumptions (not "
                        "models; the same in every scenario, drawn once); no bracket: one "
                        "model only."),
    "tip_models": ("各模型", "models"),
    "tip_assumptions": ("年内预估假设范围", "nowcast assumptions"),
    "tornado": ("四、敏感性（龙卷风图）", "4. Sensitivity (tornado)"),
    "tornado_caption": ("{name} {year}年（{metric}）："
                        "每个因素取低/高设定、其余不变时的结果；竖线为基准；只列出影响最大的（至多12个）因素。",
                        "{name} {year} ({metric}): the outcome with each factor at its low / "
                        "high setting, all else unchanged; the vertical line is the base; only the "
                        "factors that move it are shown (at most 12, widest first)."),
    "low": ("低设定", "low setting"), "high": ("高设定", "high setting"),
    "limits": ("局限与说明", "Limitations"),
    "meaning": ("概率的含义：在模型的假设（政策杠杆设定、不确定因素的分布、增长规律）下，"
                "模拟路径中达到目标的比例。"
                "它不是对结果的保证，也不包括模型未覆盖的政策变化、统计口径调整和外部冲击；"
                "假设变化时概率随之变化（见敏感性）。",
                "What a probability means: the share of simulated paths that reach the target "
                "under the model's assumptions (lever settings, the distributions of the "
                "uncertainties, growth laws). It is not a guarantee and leaves out policy "
                "changes, statistical revisions and shocks the model does not cover; it "
                "moves when the assumptions move (see the sensitivity)."),
    "mc_error": ("蒙特卡洛误差只反映模拟路径有限带来的误差，不反映模型本身的不确定性；"
                 "“模型范围”一栏（若有）给出情景模型与各增长模型之间的差异。",
                 "The Monte Carlo error covers only the finite number of paths, not model "
                 "error; the 'models' column (when present) shows how far the scenario "
                 "model and the growth families disagree."),
    "sources": ("数据来源", "Data sources"),
    "sources_note": ("下表为本次使用的历史数据来源（{region}）；"
                     "目标出自淮安市科技局2024年年中工作报告。",
                     "History used ({region}) and its sources; targets come from the "
                     "Huai'an S&T Bureau's mid-2024 work report."),
    "sources_note_file": ("下表为本次使用的历史数据来源（{region}）；目标取自文件 {file}。",
                          "History used ({region}) and its sources; targets from the file "
                          "{file}."),
    "col_indicator": ("指标", "Indicator"), "col_years": ("年份", "Years"),
    "col_n": ("条数", "Rows"),
    "manifest": ("运行记录（可复现）", "Manifest (reproducibility)"),
    "manifest_note": ("用相同命令、种子与数据可重现全部数字。", "The same command, seed and data "
                      "reproduce every number."),
    "scenarios": ("情景说明", "Scenarios"),
    "footer": ("本页为独立文件，不联网、不加载外部资源，可直接打印或转发。",
               "This page is a single self-contained file: no network, no external "
               "resource; print or forward it as it is."),
}
