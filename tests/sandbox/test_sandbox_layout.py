"""The sandbox package stays small-moduled, documented, and free of the old nyte_tui.demo."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import nyte_tui.sandbox

ROOT = Path(nyte_tui.sandbox.__file__).parent
MAX_LINES = 400


def test_no_module_is_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in ROOT.rglob("*.py")
    }
    assert len(sizes) > 30
    assert {name: size for name, size in sizes.items() if size > MAX_LINES} == {}


def test_every_package_says_what_lives_there_and_what_it_may_import() -> None:
    packages = sorted(ROOT.rglob("__init__.py"))
    assert len(packages) == 4
    for init in packages:
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and "import" in docstring and len(docstring) > 200, init


def test_the_old_demo_package_is_gone() -> None:
    assert importlib.util.find_spec("nyte_tui.demo") is None
    loader = ROOT.joinpath("mailbox", "templates.py").read_text(encoding="utf-8")
    assert len(loader.splitlines()) < 150  # the texts live in data/, not in Python
    assert sorted(path.name for path in ROOT.joinpath("mailbox", "data").iterdir()) == [
        "bulk_mail.toml",
        "calendar.toml",
        "conversations.toml",
    ]
