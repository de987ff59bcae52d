"""The package type-checks: mypy, with the settings in pyproject.toml (strict on the core and
domain layers), reports nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

pytest.importorskip("mypy", reason="mypy is not installed: pip install -e '.[test]'")


@pytest.mark.slow
def test_mypy_reports_no_errors():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"
