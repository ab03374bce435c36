"""report.html in a real browser: headless Chromium driven by playwright's Python API.

Skipped with the reason where Chromium or playwright is missing (CI installs both: Debian's
``chromium`` package in ``.ci/run`` and ``playwright`` in the ``test`` extra; playwright's
own browser download is never used). The page must load with no console error and no
uncaught exception, request nothing but its own file, show every 2025/2030/2035 target,
and draw every chart with visible content. Screenshots go to ``tests/artifacts/`` (or
``$HUAIAN_TEST_ARTIFACTS``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._html_report import build_report, milestone_targets

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("HUAIAN_TEST_ARTIFACTS")
                 or Path(__file__).resolve().parents[1] / "artifacts")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium not installed at {CHROMIUM} (apt-get install -y chromium; "
                    "or set CHROMIUM_PATH)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module", params=["zh", "en"])
def report(request, tmp_path_factory, browser) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"browser_{request.param}")  # after the browser: a skip is fast
    return request.param, build_report(out, request.param)


@pytest.fixture
def page(browser, report) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1000, "height": 800})
    pg = ctx.new_page()
    pg.errors, pg.requests = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # not a console event
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(report[1].as_uri())
    pg.wait_for_load_state("load")
    yield pg
    ctx.close()


def test_opens_without_errors_or_network(page, report):
    assert page.errors == []
    assert page.requests == [report[1].as_uri()]  # the file itself, nothing else


def test_chinese_is_drawn_with_a_real_font(page, report):
    # the embedded subset (or a system CJK font) has the glyphs: no empty boxes
    page.evaluate("document.fonts.ready")
    ok = page.evaluate("""() => document.fonts.check('15px "HF Noto Sans SC"', '达标概率')""")
    assert ok
    loaded = page.evaluate(
        """() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)""")
    assert any("HF Noto Sans SC" in f for f in loaded)


def test_every_milestone_target_is_shown(page):
    for r in milestone_targets().itertuples(index=False):
        row = page.locator(f'tr[data-indicator="{r.indicator}"][data-year="{r.year}"]')
        assert row.count() == 1, (r.indicator, r.year)
        assert row.is_visible()
        assert "%" in row.inner_text()  # a probability (or the not-modelled dash) per cell
    # every milestone target also has its star on the fan chart of its indicator
    for r in milestone_targets().itertuples(index=False):
        star = page.locator(f'figure.fan g.target[data-year="{r.year}"]'
                            f'[data-threshold="{r.threshold:g}"]')
        assert star.count() >= 1, (r.indicator, r.year)
    # and so do the current year's targets of the simulated indicators (12 + 3)
    stars = page.locator("figure.fan g.target")
    assert stars.count() == 15


def test_every_chart_is_drawn(page):
    charts = page.locator("svg.chart")
    assert charts.count() >= 10  # 9 fans + the scenario comparison
    for i in range(charts.count()):
        svg = charts.nth(i)
        svg.scroll_into_view_if_needed()
        box = svg.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 100
        drawn = svg.locator("path, polyline, rect, circle, polygon").count()
        assert drawn > 3
    medians = page.locator("figure.fan polyline.median")
    assert medians.count() == 2 * page.locator("figure.fan").count()  # two scenarios
    for i in range(medians.count()):
        assert len(medians.nth(i).get_attribute("points").split()) == 12  # 2024..2035


def test_hover_and_scenario_toggle(page):
    fig = page.locator("figure.fan").nth(1)
    fig.scroll_into_view_if_needed()
    box = fig.locator("svg").bounding_box()
    page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 0.5 * box["height"])
    tip = fig.locator(".tip")
    assert tip.is_visible()
    assert "baseline" in tip.inner_text()
    assert "plan_2024" in tip.inner_text()
    page.locator('input[data-toggle][value="plan_2024"]').uncheck()
    assert not fig.locator('[data-scenario="plan_2024"]').first.is_visible()
    assert fig.locator('[data-scenario="baseline"]').first.is_visible()
    page.mouse.move(box["x"] + 0.7 * box["width"] + 5, box["y"] + 0.5 * box["height"])
    assert "plan_2024" not in tip.inner_text()
    assert page.errors == []


def test_screenshot_shows_the_charts(page, report):
    from PIL import Image

    lang, _ = report
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full = ARTIFACTS / f"report_{lang}.png"
    page.screenshot(path=str(full), full_page=True)
    chart = ARTIFACTS / f"report_{lang}_fan.png"
    page.locator("figure.fan svg").first.screenshot(path=str(chart))
    print(f"screenshots: {full} {chart}")
    with Image.open(chart) as im:
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    blue = sum(n for n, (r, g, b) in colours if b > 150 and r < 120)  # median line, bands
    red = sum(n for n, (r, g, b) in colours if r > 170 and g < 60 and b < 90)  # target stars
    assert len(colours) > 20
    assert blue > 500
    assert red > 50


def test_print_layout_hides_the_controls(page):
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible()
    assert page.locator("figure.fan svg").first.is_visible()
    pdf_ok = page.pdf(format="A4")  # Chromium can lay the page out for print
    assert pdf_ok[:4] == b"%PDF"


def test_odd_scenario_names_keep_the_script_working(browser, tmp_path):
    import pandas as pd

    from huaian_forecast.report import to_html

    from .conftest import make_projection

    odd = ['my "plan" </script>', "a'b & <c>"]
    projs = [make_projection(scenario=n, shift=50.0 * i) for i, n in enumerate(odd)]
    history = pd.DataFrame({"region": "Huai'an", "indicator": "hte_count", "year": [2023],
                            "value": [768.0], "unit": "firms", "kind": "exact",
                            "source": "hand", "confidence": "high", "quote": ""})
    path = tmp_path / "odd.html"
    path.write_text(to_html(projs, history=history, targets=milestone_targets(), lang="en"),
                    encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1000, "height": 800})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(path.as_uri())
    fig = pg.locator("figure.fan").first
    fig.scroll_into_view_if_needed()
    box = fig.locator("svg").bounding_box()
    pg.mouse.move(box["x"] + 0.6 * box["width"], box["y"] + 0.5 * box["height"])
    assert odd[0] in fig.locator(".tip").inner_text()
    pg.get_by_label(odd[1]).uncheck()
    pg.mouse.move(box["x"] + 0.6 * box["width"] + 4, box["y"] + 0.5 * box["height"])
    assert odd[1] not in fig.locator(".tip").inner_text()
    assert errors == []
    ctx.close()
