"""The built-in banks travel inside a non-editable wheel and are found there."""

import os
import subprocess
import sys
import sysconfig
import venv

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def test_wheel_install_finds_builtin_banks(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = dist.glob("quiz-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # The wheel's dependencies come from this test run's environment, without its editable
    # install of quiz: a plain path entry does not process that folder's .pth files.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with open(os.path.join(site, "outer_deps.pth"), "w") as pth:
        pth.write(sysconfig.get_paths()["purelib"] + "\n")
    result = subprocess.run(
        [str(env_dir / "bin" / "quiz"), "banks"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "QUIZ_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "conv-arithmetic" in result.stdout and "built-in" in result.stdout
    where = subprocess.run(
        [str(python), "-c", "import quiz.paths as p; print(p.builtin_questions_dir())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(site) and where.endswith("quiz/builtin/questions")
    snippets = os.path.join(site, "quiz", "builtin", "snippets", "conv_output_size.py")
    assert os.path.isfile(snippets)
