"""The code base stays ruff-clean (rules in pyproject.toml), so CI catches style drift too."""

import subprocess
import sys

import pytest

from conftest import REPO

PATHS = ["quiz", "tests", "benchmarks", "snippets"]


def ruff(*args):
    command = [sys.executable, "-m", "ruff", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True)


def test_ruff_check():
    result = ruff("check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", PATHS)
def test_ruff_format(path):
    result = ruff("format", "--check", path)
    assert result.returncode == 0, result.stdout + result.stderr
