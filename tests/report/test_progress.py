from __future__ import annotations

import io

from huaian_forecast.cli.progress import ProgressBar, track


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_silent_when_stream_is_not_a_terminal():
    out = io.StringIO()
    with ProgressBar(3, label="x", stream=out) as bar:
        bar.advance()
        bar(3, 3)
    assert out.getvalue() == ""


def test_bar_draws_counts_on_a_terminal_and_ends_the_line():
    out = _Tty()
    with ProgressBar(4, label="sweep", stream=out) as bar:
        bar.advance()
        bar.advance(3)
    text = out.getvalue()
    assert "sweep [" in text
    assert text.rstrip("\n").split("\r")[-1].endswith("4/4")
    assert "#" * 28 in text  # full bar at 4/4
    assert text.endswith("\n")


def test_callback_form_updates_total():
    out = _Tty()
    bar = ProgressBar(label="y", stream=out)
    bar(1, 2)
    assert out.getvalue().endswith("1/2")
    bar.close()


def test_track_yields_every_item_and_is_silent_off_terminal():
    out = io.StringIO()
    assert list(track(iter(range(5)), label="z", stream=out)) == [0, 1, 2, 3, 4]
    assert out.getvalue() == ""


def test_track_shows_the_bar_before_the_first_item():
    out = _Tty()
    items = track(["a", "b"], label="sim", stream=out)
    assert next(items) == "a"
    assert out.getvalue().endswith("0/2")  # drawn before the first item's work finished
    assert list(items) == ["b"]
    assert out.getvalue().rstrip("\n").endswith("2/2")
