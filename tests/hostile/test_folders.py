"""Walking a folder: links that lead out of it are refused unless asked for, and a folder
that cannot be read is a named rejection, not a silent skip."""
from __future__ import annotations

import os

import pytest

from counterpoint.store import Store

TEXT = "Police removed tents near the canal on Tuesday, volunteers said; forty people slept there."
SECRET = "Private notes that sit outside the folder being ingested: they must not be read."


@pytest.fixture
def tree(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "more.txt").write_text(SECRET + " More.")
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT)
    (root / "sub" / "b.txt").write_text(TEXT.replace("forty", "fifty"))
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "elsewhere").symlink_to(outside, target_is_directory=True)
    (root / "same.txt").symlink_to(root / "a.txt")  # inside the folder: read as the file it names
    (root / "loop").symlink_to(root, target_is_directory=True)
    return root


def _ids(db):
    return {d.id for d in Store(db).documents()}


def test_links_out_of_the_folder_are_refused_by_name(cli, tree, db):
    res = cli("ingest", tree, "--db", db)
    assert res.exit_code == 1
    assert f"{tree / 'passwd.txt'}: a link to a file outside {tree} (" in res.stderr
    assert f"{tree / 'elsewhere'}: a link to a folder outside {tree} (" in res.stderr
    assert "--follow-links" in res.stderr
    assert _ids(db) == {"a.txt", "sub/b.txt", "same.txt"}
    assert not any(SECRET in d.text for d in Store(db).documents())
    kinds = {r["reason"] for r in Store(db).rejections()}
    assert kinds == {"outside_link"}


def test_follow_links_reads_them_once_without_looping(cli, tree, db):
    res = cli("ingest", tree, "--db", db, "--follow-links")
    assert res.exit_code == 0, res.stderr
    assert _ids(db) >= {"a.txt", "sub/b.txt", "passwd.txt", "elsewhere/secret.txt", "elsewhere/more.txt"}
    assert not any(i.startswith("loop/") for i in _ids(db))


def test_broken_link_is_a_named_rejection(cli, tmp_path, db):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(TEXT)
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    res = cli("analyze", root, "--json")
    assert res.exit_code == 1
    assert f"{root / 'gone.txt'}: a link to nothing" in res.stderr


def test_unreadable_subfolder_is_a_named_rejection(cli, tree, db, monkeypatch):
    # as root (CI) chmod does not stop reading, so the folder refuses to be listed instead
    real = os.scandir
    locked = str(tree / "sub")

    def scandir(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    res = cli("ingest", tree, "--db", db, "--follow-links")
    assert res.exit_code == 1
    assert f"Error: {locked}: cannot read the folder (Permission denied)" in res.stderr
    assert "sub/b.txt" not in _ids(db) and "a.txt" in _ids(db)
    assert [r["reason"] for r in Store(db).rejections()] == ["unreadable"]


def test_unreadable_folder_given_by_name(cli, tmp_path, db):
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    root = tmp_path / "closed"
    root.mkdir()
    (root / "a.txt").write_text(TEXT)
    root.chmod(0)
    try:
        res = cli("ingest", root, "--db", db)
    finally:
        root.chmod(0o755)
    assert res.exit_code == 1 and f"{root}: cannot read the folder (Permission denied)" in res.stderr


class _Endless:
    """A standard input that never ends, counting what was read from it."""

    def __init__(self):
        self.given = 0

    def read(self, n=-1):
        if n is None or n < 0:
            raise AssertionError("read everything: the whole stream would be held in memory")
        self.given += n
        return b"a" * n


def test_stdin_is_size_checked_while_it_is_read():
    from counterpoint.ingest import Rejected, walk
    from counterpoint.settings import Settings

    stdin = _Endless()
    [item] = list(walk(["-"], Settings.load(max_bytes=100_000), stdin=stdin))
    assert isinstance(item, Rejected) and item.code == "too_large"
    assert item.message == "<stdin>: more than 100,000 bytes, over the limit (setting max_bytes)"
    assert stdin.given <= 100_000 + 65_536
