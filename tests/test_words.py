"""The interface in Chinese (tui/words.py): every template has its entry, placeholder for
placeholder, and no entry is left without a template; the review, exam and stats screens
print no English literal that bypasses `say`; and `--lang zh` shows Chinese in a piped
review, an exam, the stats screen and a real terminal."""

from __future__ import annotations

import ast
import io
import re
import string
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest

from conftest import REPO, child_env, quiz
from quiz.model import Phrase
from quiz.schedule import answers
from quiz.tui.words import ZH, later, say, say_count, say_phrase

PACKAGE = REPO / "quiz"
TUI = PACKAGE / "tui"

# -- the table and its templates --------------------------------------------------------------

TEMPLATE_ARGS = {"say": 1, "say_count": 2, "later": 1, "Phrase": 1, "Unparseable": 1}
"""Calls whose first argument(s) are English templates: `say` and `say_count` word them,
`later` marks one kept in a constant, and lower layers write Phrases (an Unparseable's
message is one)."""
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
HALF_WIDTH_NEXT_TO_CJK = re.compile(r"[\u3400-\u9fff][,:;?!()]|[,:;?!()][\u3400-\u9fff]")


def call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def template_calls(path: Path) -> Iterator[tuple[ast.Call, str, list[ast.expr]]]:
    """Each call in `path` that takes templates: the call, its name, its template args."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and call_name(node) in TEMPLATE_ARGS:
            name = call_name(node)
            yield node, name, node.args[: TEMPLATE_ARGS[name]]


def sources() -> list[Path]:
    """Every module that may write a template: the screens (tui/), the CLI's review and exam
    lines, and the layers below that write Phrases; words.py itself says, never writes."""
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path != TUI / "words.py"]


def template_uses() -> dict[str, str]:
    """Every literal template, and where it is first written."""
    uses: dict[str, str] = {}
    for path in sources():
        for node, _, templates in template_calls(path):
            for template in templates:
                if isinstance(template, ast.Constant) and isinstance(template.value, str):
                    where = f"{path.relative_to(REPO)}:{node.lineno}"
                    uses.setdefault(template.value, where)
    return uses


def fields(template: str) -> list[str]:
    """A template's placeholders as written, `{count:,}` and `{value!r}` included."""
    found = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is not None:
            found.append(name + (f"!{conversion}" if conversion else "") + f":{spec}")
    return sorted(found)


def has_words(template: str) -> bool:
    """Whether a template says anything once its placeholders are taken out (" ({extras})"
    does not, and needs no entry, though it may have one)."""
    return bool(re.search("[A-Za-z]", re.sub(r"\{[^}]*\}", "", template)))


def test_every_template_has_a_chinese_entry_with_the_same_placeholders():
    uses = template_uses()
    assert len(uses) > 150  # the scan reaches the screens, the CLI and the judge
    missing = {t: where for t, where in uses.items() if has_words(t) and t not in ZH}
    assert missing == {}
    differ = {t: (fields(t), fields(ZH[t])) for t in uses if t in ZH and fields(t) != fields(ZH[t])}
    assert differ == {}


def test_every_entry_is_used():
    assert sorted(set(ZH) - set(template_uses())) == []


def test_templates_are_written_whole_never_built():
    """A template built at run time (an f-string, a concatenation) has no entry to find:
    its values go in as placeholders instead."""
    built = []
    for path in sources():
        for node, name, templates in template_calls(path):
            for template in templates:
                if isinstance(template, (ast.JoinedStr, ast.BinOp)):
                    built.append(f"{path.relative_to(REPO)}:{node.lineno} {name}")
    assert built == []


def test_each_literal_template_is_given_exactly_its_values():
    wrong = []
    for path in sources():
        for node, name, templates in template_calls(path):
            literal = [t.value for t in templates if isinstance(t, ast.Constant)]
            if name == "later" or not literal or any(k.arg is None for k in node.keywords):
                continue
            needed = {f.split(":")[0].split("!")[0] for t in literal for f in fields(t)}
            given = {k.arg for k in node.keywords} | ({"count"} if name == "say_count" else set())
            if needed != given and not (name == "say_count" and needed <= given):
                wrong.append((f"{path.relative_to(REPO)}:{node.lineno}", needed, given))
    assert wrong == []


def test_the_chinese_is_chinese_with_full_width_punctuation():
    not_chinese = [t for t, zh in ZH.items() if has_words(t) and not CHINESE.search(zh)]
    assert not_chinese == []
    # Inside a Chinese sentence: ，：；？！（）, not their ASCII forms (code in backticks and
    # what a placeholder holds aside).
    half_width = {
        t: zh
        for t, zh in ZH.items()
        if HALF_WIDTH_NEXT_TO_CJK.search(re.sub(r"`[^`]*`|\{[^}]*\}", "", zh))
    }
    assert half_width == {}


def test_say_picks_the_table_by_the_base_language():
    for lang in ("zh", "zh-CN", "zh_TW", "ZH", "zh-Hans"):
        assert say("✓ Right", lang) == "✓ 正确"
    for lang in (None, "", "en", "en_US", "fr"):
        assert say("✓ Right", lang) == "✓ Right"
    assert say("Skipped {id}: {reason}", "zh", id="q1", reason="x") == "已跳过 q1：x"
    assert say("Skipped {id}: {reason}", "en", id="q1", reason="x") == "Skipped q1: x"
    assert say("not in the table {x}", "zh", x=1) == "not in the table 1"


def test_say_count_chooses_the_english_plural_and_chinese_has_none():
    one, many = "Saved: next review in {count} day", "Saved: next review in {count} days"
    assert say_count(one, many, 1, None) == "Saved: next review in 1 day"
    assert say_count(one, many, 6, None) == "Saved: next review in 6 days"
    assert say_count(one, many, 1, "zh") == "已保存：1 天后复习"
    assert say_count(one, many, 6, "zh") == "已保存：6 天后复习"
    percent = " · {percent:.0f}% of {count:,} judged answers right"
    assert say_count("", percent, 1204, None, percent=75) == " · 75% of 1,204 judged answers right"


def test_phrases_from_the_layers_below_are_worded_on_screen():
    with pytest.raises(answers.Unparseable) as raised:
        answers.parse_number("twenty")
    assert str(raised.value) == "'twenty' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"
    assert (
        say_phrase(raised.value.phrase, "zh")
        == "'twenty' 不是数字（可以写 28、0.25、1.2e3 或 23.5M）"
    )
    note = answers._letters_note(("A", "C", "E"), ("A", "D"))
    assert note == "missing C, E · extra D"  # a str, as the judge's callers read it
    assert say_phrase(note, "zh") == "缺少 C, E · 多选了 D"
    assert say_phrase(note, None) == note
    # Text that is no Phrase (the worker's error) is shown as it came; braces are no fields.
    assert say_phrase("timed out after {10} s", "zh") == "timed out after {10} s"
    assert Phrase("a {brace} kept") == "a {brace} kept"
    assert later("Type one letter.") == "Type one letter."


# -- no English literal on the screens bypasses `say` -----------------------------------------

SCREENS = {
    "review.py": set(),
    "input.py": set(),
    "exam.py": set(),
    "stats.py": set(),
    "judge.py": set(),
    "sync.py": set(),
    # `quiz scheduler optimize|compare` and `quiz show`'s table are an author's view; the
    # forecast is the stats screen's, and the student's language.
    "schedulers.py": {"optimized", "comparison", "card_schedules", "_figure", "_percent"},
    # `quiz check --run` and its JSON: an author's tool, in English like the rest of `check`.
    "proofs.py": {"print_proofs", "check_json", "jsonable", "key_text"},
}
CLI_SCREENS = {"_nothing_to_review", "review", "exam_command", "stats", "sync_command"}
SHOWN_ARGS: dict[str, tuple[tuple[int, ...] | None, tuple[str, ...]]] = {
    # The call's name: which positional arguments (None: all) and keywords reach the screen.
    "print": (None, ()),
    "out": (None, ()),
    "rule": ((0,), ("title",)),
    "Text": ((0,), ("text",)),
    "append": ((0,), ("text",)),
    "assemble": (None, ()),
    "Table": (None, ("title", "caption")),
    "add_column": ((0,), ("header",)),
    "add_row": (None, ()),
    "line": ((1,), ("prompt",)),
    "key": ((1,), ("prompt",)),
    "print_keeping_commands": ((1,), ("text",)),
    "print_explanation": ((1,), ("explanation",)),
    "print_hanging": ((1, 2), ()),
    "print_table": ((1, 2), ()),
    "plural": ((1,), ()),
}
PASS_THROUGH = {"safe_text", "str", "join", "format"}
"""Calls whose result is the text of their arguments (and receiver)."""
RECEIVER_THROUGH = {
    "capitalize", "upper", "lower", "strip", "rstrip", "lstrip", "removeprefix",
    "removesuffix", "ljust", "rjust", "center",
}  # fmt: skip
"""Methods whose result is their receiver's text, changed; their arguments are not shown."""
NOT_WORDS: set[str] = set()
"""Literals with letters allowed on screen as they are: none so far. A literal without a
letter (" · ", "—", "› ", "[1/4] ") is no word and passes anyway."""


class Untranslated:
    """English literals that reach a screen without `say`: through the arguments of a call
    that prints (SHOWN_ARGS), or as the value of a function returning str, following local
    and module names to what they were assigned."""

    def __init__(self, tree: ast.Module, where: str, skip: set[str] = frozenset()) -> None:
        self.tree = tree
        self.where = where
        self.found: list[str] = []
        self.module_names = self._assignments(tree.body)
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            if function.name not in skip:
                self._function(function)

    def _function(self, function: ast.FunctionDef) -> None:
        names = self._assignments(ast.walk(function))
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and call_name(node) in SHOWN_ARGS:
                positions, keywords = SHOWN_ARGS[call_name(node)]
                for index, arg in enumerate(node.args):
                    if positions is None or index in positions:
                        shown = arg
                        if call_name(node) == "assemble" and isinstance(arg, ast.Tuple):
                            shown = arg.elts[0]  # (text, style)
                        self._walk(shown, names, set())
                for keyword in node.keywords:
                    if keyword.arg in keywords:
                        self._walk(keyword.value, names, set())
            elif isinstance(node, ast.Return) and node.value is not None:
                if function.returns is not None and "str" in ast.unparse(function.returns):
                    self._walk(node.value, names, set())

    @staticmethod
    def _assignments(nodes) -> dict[str, list[ast.expr]]:
        """What each name is bound to; a name bound by unpacking maps to its element where
        the value is written out, else to the whole value."""
        bound: dict[str, list[ast.expr]] = {}

        def bind(target: ast.expr, value: ast.expr, each: bool = False) -> None:
            if each and isinstance(value, ast.Name) and value.id in bound:
                value = bound[value.id][-1]  # `for a, b in rows`, rows written out above
            if isinstance(target, ast.Name):
                bound.setdefault(target.id, []).append(value)
            elif isinstance(target, ast.Tuple):
                rows = value.elts if each and isinstance(value, (ast.Tuple, ast.List)) else None
                for index, element in enumerate(target.elts):
                    if rows is not None and all(
                        isinstance(r, ast.Tuple) and len(r.elts) == len(target.elts) for r in rows
                    ):
                        for row in rows:
                            bind(element, row.elts[index])
                    else:
                        bind(element, value)

        for node in nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    bind(target, node.value)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                bind(node.target, node.value)
            elif isinstance(node, ast.For):
                bind(node.target, node.iter, each=True)
        return bound

    def _walk(self, node: ast.expr, names: dict[str, list[ast.expr]], seen: set[str]) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if re.search("[A-Za-z]", node.value) and node.value not in NOT_WORDS:
                self.found.append(f"{self.where}:{node.lineno} {node.value!r}")
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                self._walk(
                    value.value if isinstance(value, ast.FormattedValue) else value, names, seen
                )
        elif isinstance(node, ast.BinOp):
            self._walk(node.left, names, seen)
            self._walk(node.right, names, seen)
        elif isinstance(node, ast.IfExp):
            self._walk(node.body, names, seen)
            self._walk(node.orelse, names, seen)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self._walk(value, names, seen)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for element in node.elts:
                self._walk(element, names, seen)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                self._walk(value, names, seen)
        elif isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            self._walk(node.elt, names, seen)
        elif isinstance(node, ast.Subscript):
            self._walk(node.value, names, seen)
        elif isinstance(node, ast.Starred):
            self._walk(node.value, names, seen)
        elif isinstance(node, ast.Name) and node.id not in seen:
            for value in names.get(node.id) or self.module_names.get(node.id, []):
                self._walk(value, names, seen | {node.id})
        elif isinstance(node, ast.Call):
            name = call_name(node)
            if name in ("say", "say_count"):
                # The template is looked up; a non-literal one must come from later().
                for template in node.args[: TEMPLATE_ARGS[name]]:
                    if not isinstance(template, ast.Constant):
                        self._walk(template, names, seen)
                for keyword in node.keywords:
                    self._walk(keyword.value, names, seen)
            elif name in PASS_THROUGH | RECEIVER_THROUGH:
                if isinstance(node.func, ast.Attribute):
                    self._walk(node.func.value, names, seen)
                for arg in node.args if name in PASS_THROUGH else ():
                    self._walk(arg, names, seen)


def untranslated(source: str, where: str = "sample", skip: set[str] = frozenset()) -> list[str]:
    return Untranslated(ast.parse(source), where, skip).found


def test_the_screens_print_no_english_literal_without_say():
    found = []
    for name, skip in SCREENS.items():
        path = TUI / name
        found += untranslated(path.read_text(encoding="utf-8"), f"tui/{name}", skip)
    cli = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    others = {n.name for n in ast.walk(cli) if isinstance(n, ast.FunctionDef)} - CLI_SCREENS
    found += Untranslated(cli, "cli.py", others).found
    assert found == []


def test_the_scan_catches_an_untranslated_message():
    """The scan is not vacuous: each way a message reaches the screen is caught, and the
    same message through `say` (or a `later` constant) is not."""
    sample = """
HINT = "Type it."
MARKED = later("Type it.")
def f(console, reader, lang, n) -> str:
    console.print("Saved.")
    console.print(Text(safe_text(f"Skipped {n}: gone"), "yellow"))
    console.rule(Text("Summary", style="bold"))
    line = "Reviewed"
    line += f" {n} cards"
    console.print(line)
    console.print(Text.assemble(("Answer: ", "bold"), n))
    reader.line(console, "Grade › ")
    console.print(HINT)
    for column in ("#", "secs"):
        table.add_column(column)
    extras = []
    extras.append(plural(n, "repeat"))
    console.print(", ".join(extras))
    console.print(say("Saved.", lang), style="green")
    console.print(Text(say("Skipped {n}", lang, n=n), "yellow"))
    console.print(say(MARKED, lang) + " › ", "[1/4]")
    return "done"
"""
    found = sorted(entry.split(" ", 1)[1] for entry in untranslated(sample))
    assert found == sorted(
        [
            "'Saved.'",
            "'Skipped '",
            "': gone'",
            "'Summary'",
            "'Reviewed'",
            "' cards'",
            "'Answer: '",
            "'Grade › '",
            "'Type it.'",
            "'secs'",
            "'repeat'",
            "'done'",
        ]
    )


# -- Chinese on screen: a piped review, an exam, stats, a real terminal --------------------

MINI_CONTENT = (
    "Shape of torch.zeros(2, 3).T?",
    "Which optimizer adapts a per-parameter step?",
    "Why does ReLU help against vanishing gradients?",
    "Its derivative is 1 for positive inputs.",
    "SGD",
    "Momentum",
    "Adam",
)
ENGLISH = (
    "Type a", "Type one", "Type every", "Answer in your head", "Right", "Wrong", "Answer:",
    "Grade", "Saved", "Next review", "not graded", "try again", "Stopped", "Session summary",
    "Reviewed", "judged", "on the cards", "Due tomorrow", "due within", "undo", "suspend",
    "Flagged", "(new)", "(repeat)", "is not a number", "letter", "keeps it", "blank",
    "familiar", "same-day", "Your answer",
)  # fmt: skip


def english_words(output: str, content=MINI_CONTENT, allowed=()) -> set[str]:
    """The English words left on screen once the bank's own text, ids, commands in backticks
    and the words in `allowed` are taken out."""
    for text in content:
        output = output.replace(text, "")
    output = re.sub(r"`[^`]*`|#\S+|\b[\w-]+-[\w-]+\b", "", output)
    return set(re.findall(r"[A-Za-z]{2,}", output)) - set(allowed)


def test_a_piped_review_in_chinese(mini_bank):
    typed = "twenty\n28\n\n(2, 3)\n\nx\n:f\nC\nz\n4\n\n4\n(3, 2)\n\n"
    result = quiz("review", "--bank", str(mini_bank), "--lang", "zh", input=typed)
    assert result.exit_code == 0, result.output
    output = result.output
    for chinese in (
        "[1/4] mini（新卡）",
        "输入一个数字或算式（28、0.25、1.2e3、23.5M、1,204、2^10、3*64*64）。",
        "'twenty' 不是数字（可以写 28、0.25、1.2e3 或 23.5M）；未评分，请重新输入",
        "✓ 正确",
        "✗ 错误",
        "答案：(3, 2)",
        "下次复习：0 1天",
        "评分 [4] › ",
        "已保存：1 天后复习；本次复习稍后还会出现",
        "请输入 A 到 C 之间的一个字母",
        "已标记 mini-choice：",
        "0 完全想不起 · 1 错误 · 2 错了但有印象 · 3 困难 · 4 良好 · 5 简单",
        "你的答案（按 Enter 显示参考答案）› ",
        "评分（0-5）› ",
        "[5/5] mini（重练）",
        "当天重复：这次评分不改变复习计划。",
        "已保存 mini-shape：练习性重复，复习计划不变",
        "本次复习小结",
        "复习了 5 张卡片（4 张新卡、1 次重练） · 判分的 4 个答案中答对 75%",
        "明天到期：4 · 一周内到期：4",
    ):
        assert chinese in output
    assert [phrase for phrase in ENGLISH if phrase in output] == []
    assert english_words(output, allowed={"mini", "test", "Enter", "twenty"}) == set()


def test_nothing_to_review_says_why_in_chinese(mini_bank):
    result = quiz("review", "--bank", str(mini_bank), "--new", "0", "--lang", "zh-CN")
    assert result.exit_code == 0, result.output
    assert (
        "现在没有要复习的卡片：0 张到期；4 张新卡片在等待，今天每个题库 0 张新卡片的限额已到"
        "（quiz review --new 10 可让每个题库再多 10 张）。" in result.output
    )
    assert "本次没有评分任何卡片。" in result.output and "Nothing" not in result.output


def test_an_exam_in_chinese(mini_bank):
    # Seed 3 asks the shape, the choice, the number, then the open question.
    typed = "x\n(3, 2)\nC\n28\nthe gradient stays 1\ny\n"
    args = ("exam", "--bank", str(mini_bank), "--seed", "3", "--open", "--minutes", "30")
    result = quiz(*args, "--lang", "zh", input=typed)
    assert result.exit_code == 0, result.output
    output = result.output
    for chinese in (
        "4 道题，限时 30 分钟 · 种子 3",
        "⏱ 剩余 ",
        "输入一个形状：(1, 64, 112, 112) 或 1x64x112x112。（交卷前不显示对错）",
        "'x' 不是形状（可以写 (1, 64, 112, 112)）；请重新输入",
        "在一行内写下你的答案；交卷后由你对照参考答案自己批改。",
        "批改你的开放题答案",
        "你的答案：the gradient stays 1",
        "参考答案：Its derivative is 1 for positive inputs.",
        "你的答案意思相同吗？[y/n] › ",
        "考试报告",
        "得分：4/4（100%）",
        "按题库",
        "题库  答对  题数",
        "逐题",
        "✓ 自评",
    ):
        assert chinese in output
    english = ("Exam report", "Score", "By bank", "Every question", "no feedback", "try again")
    assert [phrase for phrase in english if phrase in output] == []
    assert english_words(output, allowed={"mini", "test", "the", "gradient", "stays"}) == set()
    history = quiz("exam", "--history", "--lang", "zh")
    assert history.exit_code == 0, history.output
    assert "以往考试" in history.output and "时间（UTC）" in history.output
    assert "各题库历次考试得分" in history.output
    assert english_words(history.output, allowed={"UTC", "mini"}) == set()


def test_an_interrupted_exam_in_chinese(mini_bank):
    args = ("exam", "--bank", str(mini_bank), "--seed", "3", "--lang", "zh")
    result = quiz(*args, input="28\n")
    assert "已停止：未作答的题目算错。" in result.output
    assert "已中断：3 题中答了 1 题，答对 1 题；`quiz exam --history` 不把它计入趋势。" in (
        result.output
    )
    assert "你的答案：（未作答）" in result.output
    history = quiz("exam", "--history", "--lang", "zh")
    assert "已中断：3 题中答了 1 题，答对 1 题" in history.output
    assert "中断的考试不计入各题库的得分。" in history.output


@pytest.fixture
def reviewed(tmp_path):
    """A bank with a mature card recalled, a leech and today's reviews."""
    from quiz.paths import database_path
    from quiz.schedule import policy
    from quiz.store import Store

    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: b\nquestions:\n"
        + "".join(
            f"- {{id: q{n}, type: numeric, prompt: p{n}, answer: {n}, tags: [t]}}\n"
            for n in range(1, 4)
        )
    )
    store = Store(database_path())
    now = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)

    def review(qid: str, day: date, grade: int) -> None:
        store.record(qid, grade, now=now, day=day, correct=grade >= 3, seconds=65.0,
                     kind="review", schedule=policy.apply)  # fmt: skip

    for day, grade in (("2026-06-01", 5), ("2026-06-02", 5), ("2026-06-08", 5),
                       ("2026-06-25", 5), ("2026-08-12", 4)):  # fmt: skip
        review("q1", date.fromisoformat(day), grade)
    for n in range(8):
        review("q2", date(2026, 9, 1) + timedelta(days=n), 1)
    review("q3", date(2026, 11, 27), 4)
    return bank


def test_stats_in_chinese(reviewed):
    env = {"QUIZ_NOW": "2026-11-27T12:00:00", "COLUMNS": "80"}
    result = quiz("stats", "--bank", str(reviewed), "--lang", "zh", **env)
    assert result.exit_code == 0, result.output
    output = result.output
    for chinese in (
        "题库：b（今天、连续天数和日历统计所有题库）",
        "今天（2026-11-27）：复习 1 次（1 张新卡） · 正确率 100% · 1 分 05 秒",
        "连续学习：1 天 · 共 14 次复习",
        "过去 26 周的复习（颜色越深越多）：",
        "未来 30 天的到期卡片（从今天起）：",
        "    今天 ",
        "成熟卡片的真实记忆保持率：100.0%（共 1 次复习）",
        "    45–89 天   100.0%  (1)",
        "各题库掌握情况",
        "各标签掌握情况",
        "最难的卡片：",
        "    q2：遗忘 8 次，EF 1.30  （难记）",
        "难记卡片（已暂停）：q2",
    ):
        assert chinese in output
    rows = output.split("（颜色越深越多）：\n")[1].splitlines()[:7]
    # The day names fill four cells, as "Mon " does: one wide character and two spaces.
    assert [row[:3] for row in rows[::2]] == ["一  ", "三  ", "五  ", "日  "]
    assert all(row.startswith("    ") for row in rows[1::2])
    assert english_words(output, allowed={"EF"}) == set()
    assert max(map(len, output.splitlines())) <= 80


# -- a real terminal --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_chinese_review_in_a_terminal(mini_bank):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "review", "--bank", str(mini_bank), "--lang", "zh"],
        cwd=str(REPO),
        env=child_env(TERM="dumb"),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("输入一个数字或算式（28、0.25、1.2e3、23.5M、1,204、2^10、3*64*64）。")
    child.expect_exact("› ")
    child.sendline("28")
    child.expect_exact("✓ 正确")
    child.expect_exact("下次复习：")
    child.expect_exact("评分 [4] › ")
    child.send("x")
    child.expect_exact("0 完全想不起 · 1 错误")
    child.expect_exact("评分 [4] › ")
    child.send("4")
    child.expect_exact("已保存：1 天后复习")
    child.expect_exact("[2/4] mini（新卡）")
    child.expect_exact("› ")
    child.sendline(":u")
    child.expect_exact("已撤销 mini-num 的评分；现在重新出现。")
    child.expect_exact("› ")
    child.sendline(":q")
    child.expect_exact("已停止。所有已评分的答案都已保存。")
    child.expect_exact("本次没有评分任何卡片。")
    child.expect(pexpect.EOF)
    child.close()
    output = child.logfile_read.getvalue()
    assert child.exitstatus == 0, output
    assert "Traceback" not in output
    assert [phrase for phrase in ENGLISH if phrase in output] == []


def test_reasons_from_lower_layers_are_worded_in_the_students_language(tmp_path):
    """A refused save or undo and an untrusted snippet reach the review as Phrases: worded
    in Chinese inside the review's own Chinese line, in English as the store wrote them."""
    from quiz.errors import StoreError
    from quiz.store import Store
    from quiz.tui.words import say_error

    store = Store(tmp_path / "quiz.db")
    try:
        store.undo_action(99, now=datetime(2026, 12, 2, 9, tzinfo=timezone.utc),
                          day=date(2026, 12, 2))  # fmt: skip
    except StoreError as exc:
        refused = exc
    else:
        pytest.fail("undoing an action the database never held was not refused")
    assert say_error(refused, "en") == (
        "cannot undo: the database no longer holds action 99 (it was restored or changed since)"
    )
    assert say_error(refused, "zh") == "数据库中已没有第 99 号操作（数据库已被恢复或更改）"
    assert say_error(ValueError("plain"), "zh") == "plain"
