from __future__ import annotations

import os
import stat

import pytest

from huaian_forecast import HuaianForecastError
from huaian_forecast.report._atomic import (
    OutputExistsError,
    atomic_path,
    check_writable,
    staged_directory,
    write_text,
)


def test_write_text_creates_file_and_leaves_no_temporary(tmp_path):
    write_text(tmp_path / "a.md", "你好")
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "你好"


def test_new_file_gets_umask_permissions_not_mkstemp_0600(tmp_path):
    write_text(tmp_path / "a.md", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o666 & ~umask


def test_existing_file_is_refused_and_kept(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"a\.md.*force"):
        write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_the_python_refusal_names_the_keyword_and_the_cli_the_flag(tmp_path):
    # write_report / to_excel callers read "force=True", the command line "--force":
    # each its own way to overwrite, never the other's
    import pickle

    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputExistsError) as refused:
        write_text(target, "new")
    assert str(refused.value).endswith("; use force=True to overwrite")
    assert "--force" not in str(refused.value)
    cli = refused.value.naming("--force")
    assert isinstance(cli, OutputExistsError)
    assert str(cli) == str(refused.value).replace("force=True", "--force")
    with pytest.raises(OutputExistsError) as listed:
        check_writable([target])
    assert str(listed.value) == f"1 output file(s) exist already: {target}; use force=True " \
                                "to overwrite"
    assert str(listed.value.naming("--force")).endswith(f"{target}; use --force to overwrite")
    # a refusal force does not lift keeps its words; a refusal survives a process boundary
    plain = OutputExistsError("output folder x is a file (or a device), not a folder")
    assert plain.naming("--force") is plain
    assert str(pickle.loads(pickle.dumps(listed.value))) == str(listed.value)


def test_output_exists_error_is_a_user_error():
    assert issubclass(OutputExistsError, HuaianForecastError)
    assert issubclass(OutputExistsError, FileExistsError)


def test_force_overwrites(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_file_appearing_during_the_write_is_not_clobbered(tmp_path):
    target = tmp_path / "a.md"

    def race() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("mine", encoding="utf-8")
            target.write_text("someone else's", encoding="utf-8")

    with pytest.raises(OutputExistsError):
        race()
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_leaves_nothing_behind(tmp_path, exc):
    def fail() -> None:
        with atomic_path(tmp_path / "a.xlsx") as tmp:
            tmp.write_bytes(b"half")
            raise exc

    with pytest.raises(type(exc)):
        fail()
    assert list(tmp_path.iterdir()) == []


def test_check_writable_lists_existing(tmp_path):
    (tmp_path / "x").write_text("", encoding="utf-8")
    check_writable([tmp_path / "y"])
    check_writable([tmp_path / "x"], force=True)
    with pytest.raises(OutputExistsError, match="1 output file"):
        check_writable([tmp_path / "x", tmp_path / "y"])


def test_staged_directory_publishes_all_files(tmp_path):
    out = tmp_path / "out" / "deep"
    with staged_directory(out, ["a.txt", "b.txt"]) as stage:
        (stage / "a.txt").write_text("a", encoding="utf-8")
        (stage / "b.txt").write_text("b", encoding="utf-8")
        assert list(out.iterdir()) == [stage]  # nothing visible before the end
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("exc", [ValueError("chart failed"), KeyboardInterrupt()])
def test_staged_directory_failure_publishes_nothing(tmp_path, exc):
    def fail() -> None:
        with staged_directory(tmp_path, ["a.txt", "b.txt"]) as stage:
            (stage / "a.txt").write_text("a", encoding="utf-8")
            raise exc

    with pytest.raises(type(exc)):
        fail()
    assert list(tmp_path.iterdir()) == []


def test_staged_directory_refuses_before_any_work(tmp_path):
    (tmp_path / "b.txt").write_text("keep", encoding="utf-8")
    entered = False
    with pytest.raises(OutputExistsError, match=r"b\.txt"), \
            staged_directory(tmp_path, ["a.txt", "b.txt"]):
        entered = True
    assert not entered
    assert [p.name for p in tmp_path.iterdir()] == ["b.txt"]
