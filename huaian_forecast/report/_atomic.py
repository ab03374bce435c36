"""Atomic file output: write to a temporary file beside the target, then move it into place.

A reader never sees a half-written workbook, chart or summary: the content goes to a
temporary file in the *same folder* as the destination (so the final move is a rename on
one file system) and only a complete file is moved into place. On any failure, including
``KeyboardInterrupt``, the temporary file is removed and the destination is untouched.

An existing destination is never overwritten unless ``force=True``; the check is made
before any work starts so that a long computation does not end in a refusal.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from huaian_forecast.exceptions import HuaianForecastError

__all__ = [
    "OutputExistsError",
    "atomic_path",
    "check_writable",
    "remove_stale",
    "staged_directory",
    "write_bytes",
    "write_text",
]

_TMP_PREFIX = ".hf-tmp-"
#: Staging names carry the writer's process id: ``.hf-tmp-<pid>-<random>``.
_STAGED = re.compile(r"\.hf-tmp-(?:(\d+)-)?")
#: Age after which a staging file or folder without a process id counts as abandoned.
_STALE_SECONDS = 3_600


def _prefix() -> str:
    return f"{_TMP_PREFIX}{os.getpid()}-"


def _alive(pid: int) -> bool:
    """Return whether a process ``pid`` exists on this machine.

    POSIX only: on Windows ``os.kill`` would end the process.
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # POSIX signal 0: only asks
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):
        return True  # exists (another user's: PermissionError) or cannot tell: keep it
    return True


def remove_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove staging files and folders left in ``folder`` by a killed run; return them.

    A staging name carries its writer's process id (``.hf-tmp-<pid>-...``); it is stale
    when that process no longer runs. A name without a process id (written by an older
    version), or any name on Windows, is stale after an hour. Another process's live
    staging is never touched.
    """
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _STAGED.match(entry.name)
        if match is None:
            continue
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        pid = match.group(1)
        # on Windows (no harmless probe of a pid) a name is stale by age alone
        if ((pid is not None and os.name != "nt" and _alive(int(pid)))
                or ((pid is None or os.name == "nt") and age < _STALE_SECONDS)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


#: How a Python caller overwrites: the keyword a refusal names (the CLI names its flag).
_FORCE_KEYWORD = "force=True"


def _how_to_overwrite(how: str) -> str:
    """Return the end of a refusal that ``force`` lifts: ``; use <how> to overwrite``."""
    return f"; use {how} to overwrite"


class OutputExistsError(HuaianForecastError, FileExistsError):
    """An output file exists already and ``force`` was not given.

    A refusal that ``force`` lifts ends with how, in Python's words ("use force=True to
    overwrite"); :meth:`naming` gives it in another's, the command line's ``--force``.
    """

    def naming(self, how: str) -> OutputExistsError:
        """Return this refusal with ``how`` (the CLI: ``--force``) as the way to overwrite.

        A refusal no ``force`` lifts (a file where the output folder should be) is
        returned as it is.

        Examples
        --------
        >>> err = OutputExistsError("output file exists already: a.md"
        ...                         + _how_to_overwrite(_FORCE_KEYWORD))
        >>> str(err.naming("--force"))
        'output file exists already: a.md; use --force to overwrite'
        """
        text, tail = str(self), _how_to_overwrite(_FORCE_KEYWORD)
        if not text.endswith(tail):
            return self
        return OutputExistsError(text[:-len(tail)] + _how_to_overwrite(how))


def check_writable(paths: Iterable[str | os.PathLike[str]], *, force: bool = False,
                   also: str = "") -> None:
    """Raise :class:`OutputExistsError` if any of ``paths`` exists and ``force`` is false.

    Parameters
    ----------
    paths : iterable of path-like
        Destinations about to be written.
    force : bool, default False
        Allow overwriting existing files.
    also : str, optional
        A sentence about other files (an earlier report's charts the run may overwrite),
        said after the existing ones when some exist, before how to overwrite them.

    Raises
    ------
    OutputExistsError
        Naming the existing files (at most 20; by name after their folder when they
        share one) and how to overwrite them.
    """
    if force:
        return
    existing = [Path(p) for p in paths if Path(p).exists()]
    if existing:
        folders = {p.parent for p in existing}
        if len(folders) == 1 and len(existing) > 1:
            names = [p.name for p in existing]
            where = f" in {existing[0].parent}"
        else:
            names, where = [str(p) for p in existing], ""
        shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more"
                                         if len(names) > 20 else "")
        extra = f" ({also})" if also else ""
        raise OutputExistsError(f"{len(existing)} output file(s) exist already{where}: "
                                f"{shown}{extra}{_how_to_overwrite(_FORCE_KEYWORD)}")


def _default_mode() -> int:
    """Permissions of a newly created file under the current umask (0o666 & ~umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _publish(tmp: Path, dest: Path, *, force: bool) -> None:
    """Move the finished ``tmp`` to ``dest``; without ``force`` never clobber a file."""
    if force:
        os.replace(tmp, dest)
        return
    try:
        os.link(tmp, dest)  # fails with FileExistsError if dest appeared meanwhile
    except FileExistsError:
        raise OutputExistsError(f"output file exists already: {dest}"
                                + _how_to_overwrite(_FORCE_KEYWORD)) from None
    except OSError:  # file system without hard links: check, then rename
        check_writable([dest])
        os.replace(tmp, dest)
        return
    tmp.unlink()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it to ``path`` when the block succeeds.

    Parameters
    ----------
    path : path-like
        Final destination. Its folder must exist.
    force : bool, default False
        Overwrite an existing destination.

    Yields
    ------
    pathlib.Path
        Where the caller writes the content (same folder, same suffix as ``path``).

    Raises
    ------
    OutputExistsError
        If ``path`` exists and ``force`` is false (checked before and after writing).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("done", encoding="utf-8")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt']
    """
    dest = Path(path)
    check_writable([dest], force=force)
    remove_stale(dest.parent)  # a temporary file a killed run left beside it
    fd, name = tempfile.mkstemp(prefix=_prefix(), suffix=dest.suffix, dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _default_mode())  # mkstemp makes 0o600; give the usual permissions
        _publish(tmp, dest, force=force)
    except BaseException:  # includes KeyboardInterrupt: never leave the temporary file
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; return the path. See :func:`atomic_path`."""
    with atomic_path(path, force=force) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; return the path. See :func:`atomic_path`."""
    return write_bytes(path, text.encode("utf-8"), force=force)


@contextlib.contextmanager
def staged_directory(out_dir: str | os.PathLike[str], names: Iterable[str], *,
                     force: bool = False) -> Iterator[Path]:
    """Yield a hidden staging folder inside ``out_dir``; publish its files on success.

    Several outputs (a workbook, charts, a summary) are written into the staging folder;
    only when the block completes are they moved, one rename each, into ``out_dir``. If the
    block fails (an exception or ``KeyboardInterrupt``), the staging folder is deleted and
    ``out_dir`` holds nothing new.

    Parameters
    ----------
    out_dir : path-like
        Destination folder; created (with parents) if missing.
    names : iterable of str
        File names that will be produced; checked up front against existing files.
    force : bool, default False
        Overwrite existing files of the same names.

    Yields
    ------
    pathlib.Path
        The staging folder. Files written there that are not in ``names`` are published too.

    Raises
    ------
    OutputExistsError
        If a destination exists and ``force`` is false, before anything is written.

    Notes
    -----
    Each file is published by one rename (atomic on its own); the set of files is not
    published atomically: an interruption *between* two of the final renames, a window
    of microseconds after all the work is done, leaves the files moved so far. A process
    killed with SIGKILL can leave the hidden ``.hf-tmp-<pid>-*`` staging folder behind;
    the next run into the same folder removes it (:func:`remove_stale`). The path is
    resolved first (``a/../b`` makes ``b`` only), and folders created for a run that fails
    are removed again.
    """
    out = Path(os.path.realpath(out_dir))  # a/../b/../../o/c makes o/c only, not a and b
    created = _make_folder(out)
    try:
        check_writable([out / n for n in names], force=force)
        remove_stale(out)
        stage = Path(tempfile.mkdtemp(prefix=_prefix(), dir=out))
    except BaseException:
        _remove_created(created)
        raise
    try:
        yield stage
        produced = sorted(p for p in stage.iterdir() if p.is_file())
        check_writable([out / p.name for p in produced], force=force)
        for src in produced:
            os.replace(src, out / src.name)
    except BaseException:  # the partial outputs go, then any folder this run made
        shutil.rmtree(stage, ignore_errors=True)
        _remove_created(created)
        raise
    shutil.rmtree(stage, ignore_errors=True)  # empty: every output was moved out


def _make_folder(out: Path) -> list[Path]:
    """Create ``out`` and its missing parents; return those created, innermost first."""
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"output folder {out} is a file (or a device), not a folder")
    missing = [p for p in (out, *out.parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputExistsError(f"cannot make the output folder {out}: a file is in the "
                                "way") from None
    return missing


def _remove_created(created: list[Path]) -> None:
    """Remove the folders this run created (innermost first) if they are empty."""
    for folder in created:
        try:
            folder.rmdir()
        except OSError:
            break
