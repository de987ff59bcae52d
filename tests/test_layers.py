"""The layered layout (DESIGN.md, "Architecture"): every module has one layer, written here
once, and imports only from its own layer or below; no two modules import each other, even
through others; the worker imports nothing from quiz at all."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"

CORE, DOMAIN, INFRASTRUCTURE, USE_CASES, TERMINAL, COMMAND_LINE = range(6)
LAYERS = {
    "quiz": CORE,
    "quiz.errors": CORE,
    "quiz.model": CORE,
    "quiz.paths": CORE,
    "quiz.clock": CORE,
    "quiz.config": CORE,
    "quiz.safetext": CORE,
    "quiz.bank": DOMAIN,
    "quiz.bank.cache": DOMAIN,
    "quiz.bank.catalog": DOMAIN,
    "quiz.bank.coverage": DOMAIN,
    "quiz.bank.files": DOMAIN,
    "quiz.bank.format": DOMAIN,
    "quiz.bank.lint": DOMAIN,
    "quiz.bank.schema": DOMAIN,
    "quiz.bank.templates": DOMAIN,
    "quiz.bank.validate": DOMAIN,
    "quiz.bank.yamlsafe": DOMAIN,
    "quiz.schedule": DOMAIN,
    "quiz.schedule.answers": DOMAIN,
    "quiz.schedule.code": DOMAIN,
    "quiz.schedule.evaluate": DOMAIN,
    "quiz.schedule.examdate": DOMAIN,
    "quiz.schedule.forecast": DOMAIN,
    "quiz.schedule.fsrs": DOMAIN,
    "quiz.schedule.params": DOMAIN,
    "quiz.schedule.policy": DOMAIN,
    "quiz.schedule.recall": DOMAIN,
    "quiz.schedule.shuffle": DOMAIN,
    "quiz.schedule.sm2": DOMAIN,
    "quiz.schedule.wording": DOMAIN,
    "quiz.store": INFRASTRUCTURE,
    "quiz.migrations": INFRASTRUCTURE,
    "quiz.apkg": INFRASTRUCTURE,
    "quiz.snippets": INFRASTRUCTURE,
    "quiz.snippets.args": INFRASTRUCTURE,
    "quiz.snippets.client": INFRASTRUCTURE,
    "quiz.snippets.probe": INFRASTRUCTURE,
    "quiz.snippets.proof": INFRASTRUCTURE,
    "quiz.snippets.prover": INFRASTRUCTURE,
    "quiz.snippets.trust": INFRASTRUCTURE,
    "quiz.snippets.worker": INFRASTRUCTURE,
    "quiz.study": USE_CASES,
    "quiz.study.cards": USE_CASES,
    "quiz.study.exam": USE_CASES,
    "quiz.study.examplan": USE_CASES,
    "quiz.study.judging": USE_CASES,
    "quiz.study.mistakes": USE_CASES,
    "quiz.study.session": USE_CASES,
    "quiz.study.schedulers": USE_CASES,
    "quiz.study.stats": USE_CASES,
    "quiz.study.sync": USE_CASES,
    "quiz.study.backups": USE_CASES,
    "quiz.export": USE_CASES,
    "quiz.export.anki": USE_CASES,
    "quiz.export.log": USE_CASES,
    "quiz.export.anki_progress": USE_CASES,
    "quiz.export.anki_import": USE_CASES,
    "quiz.tui": TERMINAL,
    "quiz.tui.catalog": TERMINAL,
    "quiz.tui.coding": TERMINAL,
    "quiz.tui.exam": TERMINAL,
    "quiz.tui.input": TERMINAL,
    "quiz.tui.judge": TERMINAL,
    "quiz.tui.proofs": TERMINAL,
    "quiz.tui.render": TERMINAL,
    "quiz.tui.stats": TERMINAL,
    "quiz.tui.review": TERMINAL,
    "quiz.tui.schedulers": TERMINAL,
    "quiz.tui.settings": TERMINAL,
    "quiz.tui.sync": TERMINAL,
    "quiz.tui.words": TERMINAL,
    "quiz.tui.data": TERMINAL,
    "quiz.cli": COMMAND_LINE,
    "quiz.__main__": COMMAND_LINE,
}
# Programs run on their own, in another process: they import nothing from quiz.
STANDALONE = {"quiz.snippets.worker", "quiz.snippets.probe"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The quiz modules a file imports, lazily inside functions too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("quiz")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("quiz"):
                continue
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def test_every_module_has_a_layer():
    assert sorted(set(modules()) - set(LAYERS)) == []
    assert sorted(set(LAYERS) - set(modules())) == []


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_imports_go_down_only(name):
    upward = {
        imported: LAYERS[imported]
        for imported in graph()[name]
        if LAYERS.get(imported, COMMAND_LINE) > LAYERS[name]
    }
    assert upward == {}, f"{name} (layer {LAYERS[name]}) imports a higher layer: {upward}"


def test_standalone_programs_import_nothing_from_quiz():
    edges = graph()
    assert {name: edges[name] for name in STANDALONE if edges[name]} == {}


def test_no_import_cycles():
    edges = graph()
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        for imported in sorted(edges.get(name, ())):
            if imported in trail:
                cycles.append(trail[trail.index(imported) :] + [imported])
            elif imported not in done:
                visit(imported, [*trail, imported])
        done.add(name)

    done: set[str] = set()
    for name in sorted(edges):
        if name not in done:
            visit(name, [name])
    # The package and its modules: `quiz.x` importing `quiz` (for __version__) is no cycle.
    real = [cycle for cycle in cycles if "quiz" not in cycle and len(set(cycle)) > 1]
    assert real == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The walk is not vacuous: a domain module importing the store is caught."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from quiz.store import Store\n    from quiz import clock\n")
    assert imports(sample, set(LAYERS)) == {"quiz.store", "quiz.clock"}
    assert LAYERS["quiz.store"] > LAYERS["quiz.bank.catalog"]
