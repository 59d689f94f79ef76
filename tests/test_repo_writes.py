"""Writing back only what was read, only where it was read, and only what may be written:
concurrent edits, files swapped for symlinks, special files, read-only files, owners,
extended attributes, hard links, long names, full disks (issue 15, items 1, 2, 4, 6, 8, 12)."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import kerasmigrate.batch as batch_mod
from kerasmigrate.cli import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, main

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"
MIGRATED = "import tensorflow as tf\n\n\ndef loss(a, b):\n    return tf.abs(a - b)\n"
CHANGED = "changed while kerasmigrate was running; not written"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def during_migration(monkeypatch: pytest.MonkeyPatch, name: str, action: Callable[[], None]) -> None:
    """Run ``action`` after the file ``name`` was read and before its result is written
    (inside the migrate step, in-process with ``-j 1``): a deterministic concurrent writer."""
    real = batch_mod._migrate

    def hooked(data, path, kind, options, *context):  # type: ignore[no-untyped-def]
        if os.path.basename(path) == name:
            action()
        return real(data, path, kind, options, *context)

    monkeypatch.setattr(batch_mod, "_migrate", hooked)


def after_walk(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` once the walk has found the files, before any is read."""
    real = batch_mod.discover

    def hooked(paths, selection=None) -> Iterator[object]:  # type: ignore[no-untyped-def]
        yield from real(paths, selection)
        action()

    monkeypatch.setattr(batch_mod, "discover", hooked)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. a concurrent edit is never overwritten ---------------------------------------------


def _append(path: Path) -> Callable[[], None]:
    def action() -> None:
        with open(path, "a") as handle:
            handle.write("# saved by an editor\n")

    return action


def _same_size_same_mtime(path: Path) -> Callable[[], None]:
    """Same length, same mtime, same inode: only the bytes tell."""

    def action() -> None:
        before = path.stat()
        path.write_text(LEGACY.replace("a - b", "b - a"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = path.stat()
        assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
            before.st_size,
            before.st_mtime_ns,
            before.st_ino,
        )

    return action


def _saved_by_rename(path: Path) -> Callable[[], None]:
    """How most editors save: a new file renamed over the old one (a new inode)."""

    def action() -> None:
        new = path.with_name(".editor-save")
        new.write_text(LEGACY + "x = 1\n")
        os.replace(new, path)

    return action


@pytest.mark.parametrize(
    "edit",
    [_append, _same_size_same_mtime, _saved_by_rename],
    ids=["append", "same-size-same-mtime", "saved-by-rename"],
)
def test_a_concurrent_edit_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], edit
) -> None:  # type: ignore[no-untyped-def]
    edited, other = tmp_path / "edited.py", tmp_path / "other.py"
    edited.write_text(LEGACY)
    other.write_text(LEGACY)
    action = edit(edited)
    during_migration(monkeypatch, "edited.py", action)
    expected = tmp_path / "expected.txt"
    code, _, err = run(capsys, "-j", "1", str(tmp_path))
    assert code == EXIT_ERROR
    assert f"{edited}:1:1: KM006 {CHANGED}" in err
    assert "1 file changed, 0 findings, 1 error" in err
    assert other.read_text() == MIGRATED  # the rest of the run goes on
    # the other writer's version is left as it wrote it
    assert "tf.abs" not in edited.read_text() and edited.read_text() != LEGACY
    assert not expected.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kerasmigrate")]


def test_a_touch_alone_is_not_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same inode and the same bytes: what was read is what is there, so it is written."""
    path = tmp_path / "m.py"
    path.write_text(LEGACY)
    during_migration(monkeypatch, "m.py", lambda: os.utime(path, (1, 1)))
    assert main(["-j", "1", str(path)]) == EXIT_OK
    assert path.read_text() == MIGRATED


def test_a_save_by_rename_before_the_read_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved between the walk and the read: a new inode, but a plain file in the same
    directory, so what was read is the file's current content and it is migrated."""
    path = tmp_path / "m.py"
    path.write_text(LEGACY)
    after_walk(monkeypatch, _saved_by_rename(path))
    assert main(["-j", "1", str(tmp_path)]) == EXIT_OK
    assert path.read_text() == MIGRATED + "x = 1\n"


# --- 2. never a write outside the tree ------------------------------------------------------


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    (tree / "sub").mkdir(parents=True)
    outside.mkdir()
    for path in (tree / "m.py", tree / "sub" / "s.py", outside / "victim.py", outside / "s.py"):
        path.write_text(LEGACY)
    return tree, outside


def _swap_for_link(path: Path, target: Path) -> Callable[[], None]:
    def action() -> None:
        link = path.with_name(".swap")
        link.symlink_to(target)
        os.replace(link, path)

    return action


@pytest.mark.parametrize("when", ["after-read", "before-read"])
def test_a_file_swapped_for_a_symlink_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], when: str
) -> None:
    tree, outside = _tree(tmp_path)
    swap = _swap_for_link(tree / "m.py", outside / "victim.py")
    if when == "after-read":
        during_migration(monkeypatch, "m.py", swap)
    else:
        after_walk(monkeypatch, swap)
    code, out, err = run(capsys, "-j", "1", str(tree))
    assert code == EXIT_ERROR and f"{tree / 'm.py'}:1:1: KM006 {CHANGED}" in err
    assert (outside / "victim.py").read_text() == LEGACY
    assert (tree / "m.py").is_symlink()
    assert (tree / "sub" / "s.py").read_text() == MIGRATED


def test_a_file_swapped_before_the_read_shows_no_diff_of_the_other_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree, outside = _tree(tmp_path)
    (outside / "victim.py").write_text(LEGACY.replace("a - b", "SECRET"))
    after_walk(monkeypatch, _swap_for_link(tree / "m.py", outside / "victim.py"))
    code, out, err = run(capsys, "-j", "1", "--diff", str(tree))
    assert code == EXIT_ERROR and "SECRET" not in out + err and f"{tree / 'm.py'}:1:1: KM006" in err


def test_a_retargeted_symlink_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Symlinked files inside the tree are written through their link, but only while the
    link still leads to the file that was read."""
    tree, outside = _tree(tmp_path)
    (tree / "m.py").unlink()
    (tree / "real.py").write_text(LEGACY)
    (tree / "alias.py").symlink_to("real.py")  # walked first (sorted): taken by this name

    def retarget() -> None:
        (tree / "alias.py").unlink()
        (tree / "alias.py").symlink_to(outside / "victim.py")

    during_migration(monkeypatch, "alias.py", retarget)
    code, _, err = run(capsys, "-j", "1", str(tree))
    assert code == EXIT_ERROR and f"{tree / 'alias.py'}:1:1: KM006 {CHANGED}" in err
    assert (outside / "victim.py").read_text() == LEGACY and (tree / "real.py").read_text() == LEGACY


def test_a_directory_swapped_for_a_symlink_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree, outside = _tree(tmp_path)

    def swap() -> None:
        (tree / "sub").rename(tree / "sub.old")
        (tree / "sub").symlink_to(outside, target_is_directory=True)

    during_migration(monkeypatch, "s.py", swap)
    code, _, err = run(capsys, "-j", "1", str(tree))
    assert code == EXIT_ERROR and f"{tree / 'sub' / 's.py'}:1:1: KM006 {CHANGED}" in err
    assert (outside / "s.py").read_text() == LEGACY and (tree / "sub.old" / "s.py").read_text() == LEGACY


@pytest.mark.parametrize("what", ["file", "directory"])
def test_out_never_writes_through_a_swapped_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    tree, outside = _tree(tmp_path)
    out = tmp_path / "out"
    if what == "file":
        during_migration(monkeypatch, "m.py", _swap_for_link(out / "m.py", outside / "victim.py"))
        name = out / "m.py"
    else:

        def swap() -> None:
            shutil.rmtree(out / "sub")
            (out / "sub").symlink_to(outside, target_is_directory=True)

        during_migration(monkeypatch, "s.py", swap)
        name = out / "sub" / "s.py"
    code, _, err = run(capsys, "-j", "1", "--out", str(out), str(tree))
    assert code == EXIT_ERROR and f"{name}:1:1: KM006 {CHANGED}" in err
    assert (outside / "victim.py").read_text() == LEGACY and (outside / "s.py").read_text() == LEGACY
    assert (tree / "m.py").read_text() == LEGACY  # the source is never written with --out


# --- 4. special files: never a hang, never unbounded memory ---------------------------------


def kerasmigrate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a child with 1.5 GB of address space and a time limit: a hang or an
    endless read fails the test instead of the machine."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    return subprocess.run(
        [sys.executable, "-m", "kerasmigrate", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limits,
        cwd=cwd,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_special_files_named_explicitly_are_reported(tmp_path: Path, jobs: str) -> None:
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "good.py").write_text(LEGACY)
    names = [str(tmp_path / n) for n in ("fifo.py", "zero.py", "good.py")]
    proc = kerasmigrate("-j", jobs, *names)
    assert proc.returncode == EXIT_ERROR, proc.stderr
    assert f"{tmp_path / 'fifo.py'}:1:1: KM006 not a regular file (a named pipe); skipped" in proc.stderr
    assert (
        f"{tmp_path / 'zero.py'}:1:1: KM006 not a regular file (a character device); skipped" in proc.stderr
    )
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "good.py").read_text() == MIGRATED


def test_special_files_in_a_tree_are_passed_over(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "good.py").write_text(LEGACY)
    proc = kerasmigrate(str(tmp_path))
    assert proc.returncode == EXIT_OK, proc.stderr
    assert (tmp_path / "good.py").read_text() == MIGRATED


def test_out_copying_meets_special_files(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "pipe")
    (src / "zero.py").symlink_to("/dev/zero")  # copied as a link, never read
    (src / "good.py").write_text(LEGACY)
    if ROOT:
        os.mknod(src / "dev.py", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero's numbers
    proc = kerasmigrate("--out", str(tmp_path / "out"), str(src))
    assert proc.returncode == EXIT_ERROR, proc.stderr
    assert f"{src / 'pipe'}:1:1: KM006 cannot copy: not a regular file (a named pipe)" in proc.stderr
    if ROOT:
        assert (
            f"{src / 'dev.py'}:1:1: KM006 cannot copy: not a regular file (a character device)" in proc.stderr
        )
        assert proc.stderr.count(str(src / "dev.py")) == 1
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "good.py").read_text() == MIGRATED
    assert os.readlink(tmp_path / "out" / "zero.py") == "/dev/zero"
    assert not (tmp_path / "out" / "pipe").exists()


def test_out_of_a_single_special_file(tmp_path: Path) -> None:
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    proc = kerasmigrate("--out", str(tmp_path / "out"), str(tmp_path / "zero.py"))
    assert proc.returncode == EXIT_ERROR and "Traceback" not in proc.stderr
    assert proc.stderr.count("KM006") == 1 and "not a regular file (a character device)" in proc.stderr
    assert not (tmp_path / "out" / "zero.py").exists()


def test_reads_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(batch_mod, "MAX_FILE_BYTES", 1000)
    big, small = tmp_path / "big.py", tmp_path / "small.py"
    big.write_text(LEGACY + "#" * 1000 + "\n")
    small.write_text(LEGACY)
    code, _, err = run(capsys, "-j", "1", str(tmp_path))
    assert code == EXIT_ERROR
    assert f"{big}:1:1: KM006 too large ({big.stat().st_size} bytes; the limit is 1000); skipped" in err
    assert small.read_text() == MIGRATED and big.read_text().startswith(LEGACY)


# --- 6. read-only files, owners, extended attributes, hard links ---------------------------


def test_read_only_files_are_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked, free = tmp_path / "locked.py", tmp_path / "free.py"
    locked.write_text(LEGACY)
    free.write_text(LEGACY)
    locked.chmod(0o444)  # root could write it: the mode is the request not to
    code, _, err = run(capsys, str(tmp_path))
    assert code == EXIT_ERROR and f"{locked}:1:1: KM006 cannot write: read-only (mode 0444)" in err
    assert locked.read_text() == LEGACY and stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert free.read_text() == MIGRATED
    # a dry run is not a write: it still shows what would change
    assert run(capsys, "--check", str(locked))[0] == EXIT_CHANGES


def test_read_only_files_are_migrated_in_an_out_copy(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "locked.py").write_text(LEGACY)
    (src / "locked.py").chmod(0o444)
    assert main(["--out", str(tmp_path / "out"), str(src)]) == EXIT_OK
    assert (tmp_path / "out" / "locked.py").read_text() == MIGRATED
    assert stat.S_IMODE((tmp_path / "out" / "locked.py").stat().st_mode) == 0o444


@pytest.mark.skipif(not ROOT, reason="needs root: only root can give a file to another owner")
def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "theirs.py"
    path.write_text(LEGACY)
    os.chown(path, 65534, 65534)
    path.chmod(0o2755)  # setgid: chown after chmod would clear it
    assert main([str(path)]) == EXIT_OK
    st = path.stat()
    assert path.read_text() == MIGRATED
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o2755)


def _xattrs_supported(path: Path) -> bool:
    try:
        os.setxattr(path, "user.kerasmigrate-probe", b"1")
        os.removexattr(path, "user.kerasmigrate-probe")
    except (OSError, AttributeError):
        return False
    return True


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "tagged.py"
    path.write_text(LEGACY)
    if not _xattrs_supported(path):
        pytest.skip("this file system does not support user extended attributes")
    os.setxattr(path, "user.origin", b"vendored from upstream")
    assert main([str(path)]) == EXIT_OK
    assert path.read_text() == MIGRATED and os.getxattr(path, "user.origin") == b"vendored from upstream"


def test_hard_linked_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The rename would break the link (the other name would keep the old bytes)."""
    (tmp_path / "a").mkdir()
    first, second = tmp_path / "a" / "first.py", tmp_path / "second.py"
    first.write_text(LEGACY)
    os.link(first, second)
    code, _, err = run(capsys, str(tmp_path))
    assert code == EXIT_ERROR
    assert f"{first}:1:1: KM006 cannot write: the file has 2 hard links" in err
    assert first.read_text() == LEGACY and os.path.samefile(first, second)


# --- 8. names of any legal length -----------------------------------------------------------


@pytest.mark.parametrize("length", [240, 255])
def test_long_file_names(tmp_path: Path, length: int) -> None:
    path = tmp_path / ("n" * (length - 3) + ".py")
    path.write_text(LEGACY)
    assert main([str(tmp_path)]) == EXIT_OK
    assert path.read_text() == MIGRATED
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# --- 12. jobs, awkward names in diffs, full disks with --out --------------------------------


def test_jobs_are_capped_by_the_number_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = batch_mod.ProcessPoolExecutor

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_mod, "ProcessPoolExecutor", recording)
    for i in range(3):
        (tmp_path / f"m{i}.py").write_text(LEGACY)
    assert main(["-j", "16", str(tmp_path)]) == EXIT_OK
    assert sizes and max(sizes) <= 3
    assert all(p.read_text() == MIGRATED for p in tmp_path.glob("*.py"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_of_awkward_names_applies_with_git(tmp_path: Path) -> None:
    names = ["new\nline.py", 'quote".py', "back\\slash.py", "tab\there.py", "space here.py", "ünï.py"]
    names.append(os.fsdecode(b"caf\xe9.py"))  # latin-1 bytes: not UTF-8
    for name in names:
        (tmp_path / name).write_text(LEGACY)
    proc = subprocess.run(
        [sys.executable, "-m", "kerasmigrate", "--diff", "."], cwd=tmp_path, capture_output=True, timeout=120
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "fix.patch").write_bytes(proc.stdout)
    subprocess.run(["git", "apply", "--check", "fix.patch"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
    assert all((tmp_path / name).read_text() == MIGRATED for name in names)


def _out_source(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "small.py").write_text(LEGACY)
    (src / "pkg" / "big.py").write_text(LEGACY + "# padding\n" * 600)  # about 6 kB
    (src / "data.bin").write_bytes(bytes(range(256)) * 30)  # 7.5 kB
    # 1.8 kB, so its copy fits under 2 kB; migrated it is 3 kB, so its result does not
    (src / "pkg" / "grows.py").write_text(
        "from keras import backend as K\n" + "x = K.image_dim_ordering() == 'th'\n" * 50
    )
    return src


def _assert_out_whole(src: Path, out: Path, proc_err: str) -> None:
    """Big files are not copied, the one whose result is too big keeps its copy, each of
    them is reported once, and no file in the copy is empty or partial."""
    for name in ("pkg/big.py", "data.bin", "pkg/grows.py"):
        assert proc_err.count(name) == 1, proc_err
    assert not (out / "pkg" / "big.py").exists() and not (out / "data.bin").exists()
    assert (out / "pkg" / "grows.py").read_bytes() == (src / "pkg" / "grows.py").read_bytes()
    assert (out / "small.py").read_text() == MIGRATED
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "pkg",
        "pkg/grows.py",
        "small.py",
    ]


def test_out_on_a_full_disk_leaves_no_partial_files(tmp_path: Path) -> None:
    """A real limit: the kernel refuses (EFBIG) every write past 2,000 bytes of a file."""
    src = _out_source(tmp_path)
    out = tmp_path / "out"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    proc = subprocess.run(
        [sys.executable, "-m", "kerasmigrate", "--out", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    assert proc.returncode == EXIT_ERROR and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.count("File too large") == 3, proc.stderr
    _assert_out_whole(src, out, proc.stderr)


def test_out_when_the_disk_fills_up_reports_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC, after half of the bytes went to disk, for every write of more than 3 kB."""
    src = _out_source(tmp_path)
    out = tmp_path / "out"
    real = batch_mod._write_all

    def full(fd: int, data: bytes) -> None:
        if len(data) > 3000:
            real(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(batch_mod, "_write_all", full)
    code, _, err = run(capsys, "-j", "1", "--out", str(out), str(src))
    assert code == EXIT_ERROR and err.count("No space left on device") == 3, err
    _assert_out_whole(src, out, err)
