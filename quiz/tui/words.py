"""The words of the interface in the student's language: one table, English to Chinese.

Owns what the review, the exam and the stats screen say around the bank's own text (hints,
prompts, verdicts, key help, messages, summaries, headings); the bank's text picks its
language in model.pick. The keys are the English templates themselves, so a call site reads
as the English it prints: `say("Saved: next review in {count} days", lang, count=3)`. A
language with no table, or None, gets the English; so does a template the table lacks.
Commands, ids, numbers, key letters and placeholders stay as they are in every language.

Words a lower layer writes (the judge's notes, why an answer cannot be read, what a proof
proved) come as model.Phrase, an English template with its values, and are worded here by
`say_phrase`. tests/test_words.py holds every template to its entry, placeholder for
placeholder, and fails on an English literal one of these screens prints without `say`.
"""

from __future__ import annotations

from typing import Any

from quiz.model import Phrase

ZH: dict[str, str] = {
    # -- code and predict questions -------------------------------------------------------
    "type what it prints, or error: and the exception's class": (
        "输入它打印的内容，或 error: 加上异常的类名"
    ),
    "a function that passes all its cases": "一个通过全部用例的函数",
    "it raises nothing: it prints": "它没有抛出异常，而是打印了结果",
    "it does not print: it raises": "它没有打印，而是抛出了异常",
    "the reference fails {case}: expected {expected}, got {got}": (
        "参考答案未通过{case}：应为 {expected}，得到 {got}"
    ),
    "{passed} of {total} cases pass": "{total} 个用例中通过 {passed} 个",
    "the reference fails {case}: {error}": "参考答案未通过{case}：{error}",
    "your code {error}": "你的代码{error}",
    "all {count} cases pass": "全部 {count} 个用例通过",
    "{case} of {total}: {inputs}": "{case}（共 {total} 个）：{inputs}",
    "case {n} of {total}: {inputs}": "第 {n} 个用例（共 {total} 个）：{inputs}",
    "random case {n} of {total}: {inputs}": "第 {n} 个随机用例（共 {total} 个）：{inputs}",
    "expected {value}": "应为 {value}",
    "got      {value}": "得到 {value}",
    "raised {error} (your line {line})": "抛出 {error}（你的代码第 {line} 行）",
    "raised {error}": "抛出 {error}",
    "the cases run gave no verdict": "运行用例没有给出结论",
    "passes all {count} cases: they cannot tell this wrong solution from the reference": (
        "通过了全部 {count} 个用例：这些用例无法区分这个错误解法和参考答案"
    ),
    "the reference passes all {count} cases": "参考答案通过全部 {count} 个用例",
    "fails {case}, as a wrong solution must": "未通过{case}，错误解法理应如此",
    "Type the function; a blank line ends it.": "输入函数，空行结束。",
    (
        "Enter on an empty line opens your editor with the starter; or type the function, a blank"
        " line ending it."
    ): ("在空行按 Enter 会用起始代码打开你的编辑器；也可以直接输入函数，空行结束。"),
    "Type what it prints (a number, a shape, text), or error: and the class it raises.": (
        "输入它打印的内容（数字、形状或文字），或 error: 加上它抛出的异常类名。"
    ),
    "Running your code on its cases…": "正在用各个用例运行你的代码…",
    "Reference:": "参考答案：",
    "the code gives {key}": "这段代码的结果是 {key}",
    "before any case: {error} (your line {line})": (
        "还没运行任何用例：{error}（你的代码第 {line} 行）"
    ),
    "before any case: {error}": "还没运行任何用例：{error}",
    # -- the review: hints, prompts, keys ----------------------------------------------------
    "Type a number or a sum (28, 0.25, 1.2e3, 23.5M, 1,204, 2^10, 3*64*64).": (
        "输入一个数字或算式（28、0.25、1.2e3、23.5M、1,204、2^10、3*64*64）。"
    ),
    "Type a shape: (1, 64, 112, 112) or 1x64x112x112.": (
        "输入一个形状：(1, 64, 112, 112) 或 1x64x112x112。"
    ),
    "Type one letter.": "输入一个字母。",
    "Type every correct letter, e.g. A C.": "输入所有正确的字母，例如 A C。",
    "Type a word or short phrase.": "输入一个词或短语。",
    "Answer in your head or in words, then compare with the model answer.": (
        "在心里或用文字作答，然后对照参考答案。"
    ),
    "Your answer (Enter to reveal) › ": "你的答案（按 Enter 显示参考答案）› ",
    "? shows the answer · :u undo · :s suspend · :b bury · :f flag · :e edit · :q quit": (
        "? 显示答案 · :u 撤销 · :s 暂停 · :b 搁置 · :f 标记 · :e 编辑 · :q 退出"
    ),
    "Enter keeps it · {span} changes it · u undo · s suspend · b bury · f flag · e edit · q quit": (
        "Enter 确认 · {span} 改分 · u 撤销 · s 暂停 · b 搁置 · f 标记 · e 编辑 · q 退出"
    ),
    "{span} grades it · u undo · s suspend · b bury · f flag · e edit · q quit": (
        "{span} 评分 · u 撤销 · s 暂停 · b 搁置 · f 标记 · e 编辑 · q 退出"
    ),
    " · r runs the proof · c shows its code": " · r 运行验证 · c 查看代码",
    "blank": "完全想不起",
    "wrong": "错误",
    "wrong, but familiar": "错了但有印象",
    "hard": "困难",
    "good": "良好",
    "easy": "简单",
    "again": "重来",
    "Grade [{key}] › ": "评分 [{key}] › ",
    "Grade ({span}) › ": "评分（{span}）› ",
    "A same-day repeat: its grade leaves the schedule as it is.": (
        "当天重复：这次评分不改变复习计划。"
    ),
    "A mistakes drill: its grade leaves the schedule as it is.": (
        "错题练习：这次评分不改变复习计划。"
    ),
    "Next review: {intervals}": "下次复习：{intervals}",
    "{grade} {days}d": "{grade} {days}天",
    "  {reason}; not graded, try again ({help})": "  {reason}；未评分，请重新输入（{help}）",
    "  unknown command {command}; {help}": "  未知命令 {command}；{help}",
    # -- the verdict and the judge's words (schedule/answers.py) -----------------------------
    "✓ Right": "✓ 正确",
    "✗ Wrong": "✗ 错误",
    # -- reasons lower layers give, worded inside the review's own lines --------------------
    "{id} changed in another quiz review after it was shown here": (
        "{id} 在显示之后已在另一个 quiz review 中被评分"
    ),
    # The review says "cannot undo" itself: these are worded as the reason alone.
    "cannot undo: {id} was reviewed again after that answer": "{id} 在那次作答之后又被复习过",
    "cannot undo: {id} was answered on another machine": "{id} 是在另一台机器上作答的",
    "cannot undo: {id} was suspended after that answer": "{id} 在那次作答之后被暂停了",
    "cannot undo: {id} was buried after that answer": "{id} 在那次作答之后被搁置了",
    "cannot undo: {id} changed after it was suspended": "{id} 在暂停之后又有变化",
    "cannot undo: {id} changed after it was buried": "{id} 在搁置之后又有变化",
    "cannot undo: that action on {id} was undone": "对 {id} 的那次操作已被撤销",
    "cannot undo: the database no longer holds that action on {id}"
    " (it was restored or changed since)": (
        "数据库中已没有对 {id} 的那次操作（数据库已被恢复或更改）"
    ),
    "cannot undo: the database no longer holds action {number}"
    " (it was restored or changed since)": (
        "数据库中已没有第 {number} 号操作（数据库已被恢复或更改）"
    ),
    "cannot undo: the database no longer holds that answer to {id}"
    " (it was restored or changed since)": "数据库中已没有 {id} 的那次作答（数据库已被恢复或更改）",
    "snippet {name} of bank {bank} is not trusted (new or edited since); read it, then"
    " run `quiz trust {path}` to allow it": (
        "题库 {bank} 的代码片段 {name} 未被信任（新增或修改过）；"
        "请先阅读它，再运行 `quiz trust {path}` 允许运行"
    ),
    # -- quiz stats --forecast (tui/schedulers.py) -------------------------------------------
    "No reviewed cards yet: nothing to forecast.": "还没有复习过的卡片：无从预测。",
    "The next {days} days from {day}: reviews of your {count:,} card under each"
    " scheduler, the student played by FSRS-6 with {student} parameters (no new cards).": (
        "从 {day} 起的 {days} 天：在每种调度算法下，你的 {count:,} 张卡片的复习量"
        "（学生的记忆由采用{student}参数的 FSRS-6 模拟，不含新卡）。"
    ),
    "The next {days} days from {day}: reviews of your {count:,} cards under each"
    " scheduler, the student played by FSRS-6 with {student} parameters (no new cards).": (
        "从 {day} 起的 {days} 天：在每种调度算法下，你的 {count:,} 张卡片的复习量"
        "（学生的记忆由采用{student}参数的 FSRS-6 模拟，不含新卡）。"
    ),
    "fitted": "拟合",
    "default": "默认",
    "scheduler": "调度算法",
    "days {first}–{last}": "第 {first}–{last} 天",
    "total": "合计",
    "peak day": "最多的一天",
    "≈ Probably right": "≈ 可能正确",
    "Not graded: {problem}; the review asks again": "未评分：{problem}；复习时会要求重新输入",
    "Suggested grade: none, the student grades it (0-5)": "建议评分：无，由学生自己评分（0-5）",
    "Suggested grade: {grade} (Enter keeps it)": "建议评分：{grade}（按 Enter 采用）",
    "Answer: ": "答案：",
    "close: the exact count is expected": "很接近：需要精确的数目",
    "a common mistake: {explain}": "常见错误：{explain}",
    "it holds the key's term: read the model answer and grade it yourself": (
        "包含答案的关键术语：请阅读参考答案，自己评分"
    ),
    "missing {missing} · extra {extra}": "缺少 {missing} · 多选了 {extra}",
    "missing {missing}": "缺少 {missing}",
    "extra {extra}": "多选了 {extra}",
    "that is {count:,} characters: too long for an answer (at most {most:,})": (
        "输入有 {count:,} 个字符，作为答案太长了（最多 {most:,} 个）"
    ),
    "that holds bytes that are not UTF-8 text (check the terminal's encoding)": (
        "输入含有不是 UTF-8 文本的字节（请检查终端的编码）"
    ),
    "that holds a control character, which no answer has": "输入含有控制字符，答案里不会有",
    "type a number": "请输入一个数字",
    "type an answer": "请输入答案",
    "type a shape such as (1, 64, 112, 112) or 1x64x112x112": (
        "请输入形状，例如 (1, 64, 112, 112) 或 1x64x112x112"
    ),
    "type letters from A to {last}": "请输入 A 到 {last} 之间的字母",
    "type a letter from A to {last}": "请输入 A 到 {last} 之间的一个字母",
    "type one letter from A to {last}": "只能输入 A 到 {last} 之间的一个字母",
    "{shown} is too long for arithmetic (at most {most} characters)": (
        "{shown} 作为算式太长了（最多 {most} 个字符）"
    ),
    "{shown} has a comma: in arithmetic, write 1204, not 1,204": (
        "{shown} 含有逗号：算式里请写 1204，不要写 1,204"
    ),
    "{shown} is not a number (commas group thousands)": "{shown} 不是数字（逗号只用于千位分隔）",
    "{shown} is not a number (try 28, 0.25, 1.2e3 or 23.5M)": (
        "{shown} 不是数字（可以写 28、0.25、1.2e3 或 23.5M）"
    ),
    "{shown} is too large a number": "{shown} 这个数太大了",
    "{shown} has a ')' that closes nothing": "{shown} 中有多余的 ')'",
    "{shown} has a '(' that is not closed": "{shown} 中有未闭合的 '('",
    "{shown} is missing an operator": "{shown} 缺少运算符",
    "{shown} is missing a number": "{shown} 缺少数字",
    "{shown} divides by zero": "{shown} 除以了零",
    "{shown} raises a negative number to a fraction": "{shown} 对负数做了分数次幂",
    "{shown} nests brackets too deeply (at most {most} levels)": (
        "{shown} 括号嵌套太深（最多 {most} 层）"
    ),
    "{shown} is not a shape (try (1, 64, 112, 112))": (
        "{shown} 不是形状（可以写 (1, 64, 112, 112)）"
    ),
    "{shown} has a dimension too large for a tensor": "{shown} 中有一个维度对张量来说太大了",
    # -- the proof (`r`, `c`) and what it proved (snippets/proof.py) -------------------------
    "Running {name}… (Ctrl-C cancels)": "正在运行 {name}…（Ctrl-C 取消）",
    "No proof: {reason}": "无法验证：{reason}",
    "Proof cancelled: back to the card. Ctrl-C again ends the session.": (
        "验证已取消，回到卡片。再按 Ctrl-C 结束本次复习。"
    ),
    "answer({args}) = {value!r} on {device}": "answer({args}) = {value!r}（在 {device} 上）",
    "✓ Proved: {message}": "✓ 已验证：{message}",
    "✗ Not proved: {message}": "✗ 未通过验证：{message}",
    "c shows the code it ran": "c 查看运行的代码",
    "No code to show: {reason}": "没有可显示的代码：{reason}",
    "[output capped: {count:,} more bytes not shown]": "[输出已截断：另有 {count:,} 字节未显示]",
    "matches the key": "与答案一致",
    "its asserts hold (exit 0)": "断言全部成立（exit 0）",
    "ran (open questions have no key)": "已运行（开放题没有标准答案）",
    "the snippet computes {key} for this variant": "代码片段为这个变体算出 {key}",
    "computed {value!r}, key {key}": "算出 {value!r}，答案为 {key}",
    "has no answer() to compute the key": "没有用来计算答案的 answer()",
    "failed": "失败",
    # -- the review's messages -------------------------------------------------------------
    "Another quiz review is open (pid {pid}); grades made here are checked against it.": (
        "另一个 quiz 复习正在进行（pid {pid}）；这里的评分会与它核对。"
    ),
    "Stopped. Every graded answer is saved.": "已停止。所有已评分的答案都已保存。",
    "Computing this card's key (its snippet is running)…": (
        "正在计算这张卡片的答案（代码片段运行中）…"
    ),
    "Skipped {id}: {reason}": "已跳过 {id}：{reason}",
    "Skipped {id}: no variant of it could be prepared ({reason})": (
        "已跳过 {id}：它的变体都无法生成（{reason}）"
    ),
    " (repeat)": "（重练）",
    " (mistakes drill)": "（错题练习）",
    " (new)": "（新卡）",
    " (due)": "（到期）",
    "Edited since you last saw it: read it afresh.": "自你上次看过后已修改：请重新阅读。",
    "Saved {id}: practice repeat, schedule kept": "已保存 {id}：练习性重复，复习计划不变",
    "Saved: next review in {count} day": "已保存：{count} 天后复习",
    "Saved: next review in {count} days": "已保存：{count} 天后复习",
    "; it comes back later in this session": "；本次复习稍后还会出现",
    "  Not saved: {reason}; the card leaves this session.": (
        "  未保存：{reason}；这张卡片退出本次复习。"
    ),
    (
        "{id} is a leech: failed {lapses} times, so it is now suspended and tagged 'leech'."
        " Rewrite it in your own words, then `quiz unsuspend {id}`."
    ): (
        "{id} 是难记卡片：已答错 {lapses} 次，现已暂停并加上标签 'leech'。"
        "请用自己的话改写它，然后运行 `quiz unsuspend {id}`。"
    ),
    "  Nothing to undo today.": "  今天没有可撤销的操作。",
    "  Cannot undo: {reason}; the {action} stands.": "  无法撤销：{reason}；{action}保持不变。",
    "grade": "评分",
    "suspension": "暂停",
    "burial": "搁置",
    "action": "操作",
    "Undid the {action} of {id}": "已撤销 {id} 的{action}",
    "{done}; its bank is not loaded in this review, so it is not shown.": (
        "{done}；它的题库没有在本次复习中加载，因此不显示。"
    ),
    "{done}; it comes up again now.": "{done}；现在重新出现。",
    "Suspended {id}: it stays out of reviews until `quiz unsuspend {id}` (u undoes it).": (
        "已暂停 {id}：运行 `quiz unsuspend {id}` 之前不再出现在复习中（u 可撤销）。"
    ),
    "Buried {id}: it comes back on the next study day (u undoes it).": (
        "已搁置 {id}：下一个学习日再出现（u 可撤销）。"
    ),
    "  Flagged {id}: `quiz list --flagged` lists it (f again unflags it).": (
        "  已标记 {id}：`quiz list --flagged` 会列出它（再按 f 取消标记）。"
    ),
    "  Unflagged {id}.": "  已取消标记 {id}。",
    (
        "  {id} is in the built-in bank {bank}, which is read-only: copy the question into a"
        " bank of your own to change it (`quiz new bank NAME` starts one)."
    ): (
        "  {id} 属于内置题库 {bank}，内置题库只读：要修改，请把题目复制到你自己的题库"
        "（`quiz new bank NAME` 可新建一个）。"
    ),
    "No editor to open: set EDITOR (or VISUAL), e.g. `export EDITOR=nano`.": (
        "没有可打开的编辑器：请设置 EDITOR（或 VISUAL），例如 `export EDITOR=nano`。"
    ),
    "Cannot read the editor command {command!r} ({reason}).": (
        "无法解析编辑器命令 {command!r}（{reason}）。"
    ),
    "Cannot run the editor {editor} ({reason}).": "无法运行编辑器 {editor}（{reason}）。",
    "  Not reloaded: {reason}; the card stays as it was.": "  未重新加载：{reason}；卡片保持原样。",
    "{id} is no longer in {file}: it leaves this session.": (
        "{id} 已不在 {file} 中：它退出本次复习。"
    ),
    (
        "  Not reloaded: the file has errors (your edit is kept in it); fix them and press e"
        " again. The card stays as it was."
    ): "  未重新加载：文件有错误（你的修改仍保留在文件中）；改正后再按 e。卡片保持原样。",
    "Reloaded {id} from {file}.": "已从 {file} 重新加载 {id}。",
    # -- the session summary, and why there is nothing to review (cli.py) --------------------
    "No mistakes to drill: no answer logged in these banks was one of a question's named"
    " mistakes (or those cards are suspended or buried).": (
        "没有可练习的错题：这些题库的作答记录里还没有题目列出的常见错误（或者那些卡片已暂停或搁置）。"
    ),
    "Session summary": "本次复习小结",
    "No cards graded this session.": "本次没有评分任何卡片。",
    "Reviewed {count} card": "复习了 {count} 张卡片",
    "Reviewed {count} cards": "复习了 {count} 张卡片",
    "{count} new": "{count} 张新卡",
    "{count:,} repeat": "{count:,} 次重练",
    "{count:,} repeats": "{count:,} 次重练",
    " ({extras})": "（{extras}）",
    ", ": "、",
    " · {percent:.0f}% of {count:,} judged answer right": (
        " · 判分的 {count:,} 个答案中答对 {percent:.0f}%"
    ),
    " · {percent:.0f}% of {count:,} judged answers right": (
        " · 判分的 {count:,} 个答案中答对 {percent:.0f}%"
    ),
    " · {time} on the cards": " · 答题用时 {time}",
    "{minutes}m {seconds:02d}s": "{minutes} 分 {seconds:02d} 秒",
    "{seconds}s": "{seconds} 秒",
    "Leech suspended: {id}": "难记卡片已暂停：{id}",
    "Due tomorrow: {tomorrow} · due within a week: {week}": (
        "明天到期：{tomorrow} · 一周内到期：{week}"
    ),
    "Nothing to review now: {due} due; {waiting} waiting, {why}.": (
        "现在没有要复习的卡片：{due} 张到期；{waiting}在等待，{why}。"
    ),
    "{count:,} new card": "{count:,} 张新卡片",
    "{count:,} new cards": "{count:,} 张新卡片",
    (
        "today's cap of {count:,} new card in all banks is reached"
        " (the new_total setting: quiz config new_total {more} allows 10 more)"
    ): (
        "今天所有题库合计 {count:,} 张新卡片的上限已到"
        "（new_total 设置：quiz config new_total {more} 可再多 10 张）"
    ),
    (
        "today's cap of {count:,} new cards in all banks is reached"
        " (the new_total setting: quiz config new_total {more} allows 10 more)"
    ): (
        "今天所有题库合计 {count:,} 张新卡片的上限已到"
        "（new_total 设置：quiz config new_total {more} 可再多 10 张）"
    ),
    (
        "today's limit of {limit} new per bank is reached"
        " (quiz review --new {more} allows 10 more per bank)"
    ): "今天每个题库 {limit} 张新卡片的限额已到（quiz review --new {more} 可让每个题库再多 10 张）",
    "Nothing to review: the 1 card is done until {day} (next due).": (
        "没有要复习的卡片：这 1 张卡片在 {day} 之前都已完成（下次到期）。"
    ),
    "Nothing to review: all {count} cards are done until {day} (next due).": (
        "没有要复习的卡片：全部 {count} 张卡片在 {day} 之前都已完成（下次到期）。"
    ),
    (
        "Nothing to review: {count:,} card here, suspended"
        " (`quiz list --bank ID` shows them, `quiz unsuspend ID` brings one back)."
    ): (
        "没有要复习的卡片：这里的 {count:,} 张卡片都已暂停"
        "（`quiz list --bank ID` 列出它们，`quiz unsuspend ID` 恢复一张）。"
    ),
    (
        "Nothing to review: {count:,} cards here, suspended"
        " (`quiz list --bank ID` shows them, `quiz unsuspend ID` brings one back)."
    ): (
        "没有要复习的卡片：这里的 {count:,} 张卡片都已暂停"
        "（`quiz list --bank ID` 列出它们，`quiz unsuspend ID` 恢复一张）。"
    ),
    "Nothing to review: no questions match.": "没有要复习的卡片：没有符合条件的题目。",
    # -- the exam ----------------------------------------------------------------------------
    "{count:,} question": "{count:,} 道题",
    "{count:,} questions": "{count:,} 道题",
    " in {minutes:g} min": "，限时 {minutes:g} 分钟",
    " · seed {seed}": " · 种子 {seed}",
    "Report written to {file}": "报告已写入 {file}",
    "Preparing the paper: computing {count} key with its snippet…": (
        "正在准备试卷：用代码片段计算 {count} 个答案…"
    ),
    "Preparing the paper: computing {count} keys with their snippets…": (
        "正在准备试卷：用代码片段计算 {count} 个答案…"
    ),
    "Time is up: unanswered questions count as wrong.": "时间到：未作答的题目算错。",
    "Stopped: unanswered questions count as wrong.": "已停止：未作答的题目算错。",
    "  ⏱ {minutes}:{seconds:02d} left": "  ⏱ 剩余 {minutes}:{seconds:02d}",
    "Write your answer on one line; you mark it against the model answer at the end.": (
        "在一行内写下你的答案；交卷后由你对照参考答案自己批改。"
    ),
    "{hint} (no feedback until the end)": "{hint}（交卷前不显示对错）",
    "  {reason}; try again": "  {reason}；请重新输入",
    "Mark your open answers": "批改你的开放题答案",
    "Yours: ": "你的答案：",
    "Model: ": "参考答案：",
    "Does yours say the same? [y/n] › ": "你的答案意思相同吗？[y/n] › ",
    "  y: it was right · n: it was not": "  y：答对了 · n：没答对",
    "Marking stopped: the answers left unmarked count as wrong.": "批改已停止：未批改的答案算错。",
    "Exam report": "考试报告",
    "Score: {correct}/{questions} ({percent:.0f}%) · {seconds:.0f} s · seed {seed}": (
        "得分：{correct}/{questions}（{percent:.0f}%）· {seconds:.0f} 秒 · 种子 {seed}"
    ),
    "interrupted: {answered} of {questions} answered, {correct} right": (
        "已中断：{questions} 题中答了 {answered} 题，答对 {correct} 题"
    ),
    "{ended}; `quiz exam --history` keeps it out of the trend.": (
        "{ended}；`quiz exam --history` 不把它计入趋势。"
    ),
    "By bank": "按题库",
    "By tag": "按标签",
    "bank": "题库",
    "tag": "标签",
    "right": "答对",
    "asked": "题数",
    "Every question": "逐题",
    "question": "题目",
    "your answer": "你的答案",
    "secs": "秒",
    " self": " 自评",
    "(not answered)": "（未作答）",
    "Your answer: ": "你的答案：",
    "Key: ": "答案：",
    "Prove it: `{command}`": "验证：`{command}`",
    "No exams yet: `quiz exam` sits one.": "还没有考试记录：运行 `quiz exam` 开始一场。",
    "Past exams": "以往考试",
    "when (UTC)": "时间（UTC）",
    "score": "得分",
    "minutes": "分钟",
    "seed": "种子",
    "Score per bank, exam by exam": "各题库历次考试得分",
    "scores, oldest first": "得分（由旧到新）",
    "Interrupted exams are left out of the scores per bank.": "中断的考试不计入各题库的得分。",
    # -- stats -------------------------------------------------------------------------------
    "Bank: {names} (today, the streak and the calendar count every bank)": (
        "题库：{names}（今天、连续天数和日历统计所有题库）"
    ),
    "Banks: {names} (today, the streak and the calendar count every bank)": (
        "题库：{names}（今天、连续天数和日历统计所有题库）"
    ),
    "Today ({date}): {count:,} review": "今天（{date}）：复习 {count:,} 次",
    "Today ({date}): {count:,} reviews": "今天（{date}）：复习 {count:,} 次",
    " ({count} new)": "（{count} 张新卡）",
    " · {percent:.0f}% correct": " · 正确率 {percent:.0f}%",
    "{count:,} day": "{count:,} 天",
    "{count:,} days": "{count:,} 天",
    "{count:,} review": "{count:,} 次复习",
    "{count:,} reviews": "{count:,} 次复习",
    "Streak: {days} · {reviews} in all": "连续学习：{days} · 共 {reviews}",
    "Reviews over the last {weeks} weeks (darker = more):": (
        "过去 {weeks} 周的复习（颜色越深越多）："
    ),
    "Mon": "一",
    "Wed": "三",
    "Fri": "五",
    "Sun": "日",
    "Due over the next {days} days (today first):": "未来 {days} 天的到期卡片（从今天起）：",
    "    today {today} · tomorrow {tomorrow} · next 7 days {week} · next 30 days {month}": (
        "    今天 {today} · 明天 {tomorrow} · 未来 7 天 {week} · 未来 30 天 {month}"
    ),
    "True retention: no reviews of mature cards (interval ≥ 21 d) yet": (
        "真实记忆保持率：还没有成熟卡片（间隔 ≥ 21 天）的复习"
    ),
    "True retention of mature cards: {percent:.1f}% of {reviews}": (
        "成熟卡片的真实记忆保持率：{percent:.1f}%（共 {reviews}）"
    ),
    "{low}+ d": "{low}+ 天",
    "{low}–{high} d": "{low}–{high} 天",
    "Mastery by bank": "各题库掌握情况",
    "Mastery by tag": "各标签掌握情况",
    "questions": "题目",
    "learned": "已学会",
    "mature": "已成熟",
    "Hardest cards:": "最难的卡片：",
    "    {id}: {lapses}, EF {easiness:.2f}": "    {id}：{lapses}，EF {easiness:.2f}",
    "{count:,} lapse": "遗忘 {count:,} 次",
    "{count:,} lapses": "遗忘 {count:,} 次",
    "  (leech)": "  （难记）",
    "Leeches (suspended): {ids}": "难记卡片（已暂停）：{ids}",
    # -- the student's mistakes in stats (study/mistakes.py) ---------------------------------
    "Your most frequent mistakes:": "你最常犯的错误：",
    "    {count}× {id} ({name}): {explain}": "    {count}× {id}（{name}）：{explain}",
    "    {count}× {id} ({name})": "    {count}× {id}（{name}）",
    "Wrong answers by parameter value (at least {least} answers):": (
        "按参数取值统计的答错情况（至少作答 {least} 次）："
    ),
    "    {id}: {param} {value}: {wrong} of {attempts} wrong": (
        "    {id}：{param} {value}：{attempts} 次中错 {wrong} 次"
    ),
    # -- the exam date: the plan in stats, the review's notes, the settings -------------------
    "Exam day {day} is over: the normal schedule has resumed"
    " (quiz config exam_date --unset forgets it).": (
        "考试日 {day} 已过：已恢复正常复习计划（`quiz config exam_date --unset` 可清除它）。"
    ),
    "Exam on {day} ({banks}): {days} · last pass {start} to {day}": (
        "考试日 {day}（{banks}）：{days} · 最后一轮复习 {start} 至 {day}"
    ),
    "{count:,} day left": "还剩 {count:,} 天",
    "{count:,} days left": "还剩 {count:,} 天",
    "    reviews a day until the exam: {mean:.1f} on average, {peak} at most ({day}),"
    " if you pass them all": (
        "    考前每天的复习量：平均 {mean:.1f} 次，最多 {peak} 次（{day}），假设每次都答对"
    ),
    "    new cards: none left to introduce": "    新卡片：已全部学过",
    "    new cards: {pace} a day until {until} ({left} not yet seen)": (
        "    新卡片：每天 {pace} 张，到 {until} 为止（还有 {left} 张没学过）"
    ),
    "Recall predicted at the exam if you stop reviewing now"
    " (cards not yet seen are counted apart):": (
        "如果从现在起不再复习，考试当天的预测记忆率（没学过的卡片单独计数）："
    ),
    "studied": "已学过",
    "recall": "记忆率",
    "not yet seen": "没学过",
    "Mock exams, predicted against scored (questions studied before the mock's day):": (
        "模拟考试：预测与实际得分（只算模拟考试当天之前学过的题目）："
    ),
    "answers": "作答数",
    "predicted": "预测",
    "scored": "实际",
    "in {count:,} day": "还有 {count:,} 天",
    "in {count:,} days": "还有 {count:,} 天",
    "today": "就在今天",
    "Exam on {day} ({left}): {pace} new a day; every card you have learned comes back"
    " between {start} and the exam.": (
        "考试日 {day}（{left}）：每天 {pace} 张新卡片；学过的每张卡片都会在 {start}"
        " 到考试之间再复习一次。"
    ),
    "Exam on {day} ({left}): every card you have learned comes back between {start} and"
    " the exam.": ("考试日 {day}（{left}）：学过的每张卡片都会在 {start} 到考试之间再复习一次。"),
    "today's share of new cards for the exam is in"
    " (quiz review --new N sets a limit of your own)": (
        "今天为考试安排的新卡片已学完（`quiz review --new N` 可自行设定上限）"
    ),
    "Exam dates of banks (quiz config exam_date DAY --bank ID): {each}": (
        "各题库的考试日（`quiz config exam_date DAY --bank ID`）：{each}"
    ),
    "exam_date of {bank} = {day}  (saved in {path})": (
        "{bank} 的 exam_date = {day}（已保存到 {path}）"
    ),
    "{bank} has no exam day of its own: it follows exam_date ({day})": (
        "{bank} 没有自己的考试日：沿用 exam_date（{day}）"
    ),
    "{bank} has no exam day of its own, and exam_date is not set": (
        "{bank} 没有自己的考试日，exam_date 也没有设置"
    ),
    "Note: {day} is over: an exam date rules until its day, and the normal schedule"
    " applies after it.": ("注意：{day} 已过：考试日只在当天之前起作用，之后恢复正常复习计划。"),
    # -- the daily backup -----------------------------------------------------------------
    "warning: no backup today ({reason}); your answers are saved as usual": (
        "警告：今天没有备份（{reason}）；你的答案照常保存"
    ),
    # -- quiz sync: what arrived, what was sent, files left for the next sync ----------------
    "warning: {path}: skipped, {reason}; it is read again at the next sync": (
        "警告：{path}：已跳过，{reason}；下次同步时会再读取"
    ),
    "warning: {count} change here cannot be sent (damaged, or the undo of another"
    " machine's answer); it stays on this machine": (
        "警告：本机有 {count} 项更改无法发送（已损坏，或撤销的是另一台机器的作答）；它留在本机"
    ),
    "warning: {count} changes here cannot be sent (damaged, or the undo of another"
    " machine's answer); they stay on this machine": (
        "警告：本机有 {count} 项更改无法发送（已损坏，或撤销的是另一台机器的作答）；它们留在本机"
    ),
    "incomplete (still being copied?)": "不完整（可能仍在复制中）",
    "damaged (its checksum does not match)": "已损坏（校验和不符）",
    "too large to be an event file": "太大，不是事件文件",
    "cannot be read ({problem})": "无法读取（{problem}）",
    "written by a newer version of quiz (format {version})": (
        "由更新版本的 quiz 写入（格式 {version}）"
    ),
    "not a quiz event file (a line is not JSON)": "不是 quiz 事件文件（有一行不是 JSON）",
    "not a quiz event file ({problem})": "不是 quiz 事件文件（{problem}）",
    "holds event {key} unlike {other} (do two machines share one device id?)": (
        "其中的事件 {key} 与 {other} 中的不同（是否有两台机器共用一个设备 ID？）"
    ),
    "event {key} takes back an answer that cannot be taken back": (
        "事件 {key} 撤销了一次无法撤销的作答"
    ),
    "Synced with {folder} as {device} ({name}).": "已与 {folder} 同步，本机为 {device}（{name}）。",
    "Received {count} event from {name} ({device}).": "从 {name}（{device}）收到 {count} 个事件。",
    "Received {count} events from {name} ({device}).": (
        "从 {name}（{device}）收到 {count} 个事件。"
    ),
    "Sent {count} event.": "发送了 {count} 个事件。",
    "Sent {count} events.": "发送了 {count} 个事件。",
    "Nothing new to receive or send.": "没有需要接收或发送的新内容。",
    "{count} card was reviewed on the same day on two machines: both reviews are kept, and"
    " its schedule replays them in time order.": (
        "有 {count} 张卡片在同一天于两台机器上复习：两次复习都保留，并按时间顺序重排复习计划。"
    ),
    "{count} cards were reviewed on the same day on two machines: both reviews are kept, and"
    " their schedules replay them in time order.": (
        "有 {count} 张卡片在同一天于两台机器上复习：两次复习都保留，并按时间顺序重排复习计划。"
    ),
    "Rebuilt {count} card from the merged log.": "按合并后的记录重建了 {count} 张卡片。",
    "Rebuilt {count} cards from the merged log.": "按合并后的记录重建了 {count} 张卡片。",
    "Settings made on another machine apply here now.": "另一台机器上的设置现在也在本机生效。",
    "This machine has no device id yet: the first `quiz sync DIR` makes one.": (
        "本机还没有设备 ID：第一次 `quiz sync DIR` 时生成。"
    ),
    "This machine: {device}": "本机：{device}",
    "Not synced yet: `quiz sync DIR` merges this machine's reviews with those of the others"
    " that share DIR.": ("尚未同步：`quiz sync DIR` 会把本机的复习与共享 DIR 的其他机器合并。"),
    "Folder: {folder}, last synced {time}": "文件夹：{folder}，上次同步于 {time}",
    "Devices seen:": "见过的设备：",
    " (this machine)": "（本机）",
    "{count} event": "{count} 个事件",
    "{count} events": "{count} 个事件",
    "  {device}  {name}  last wrote {time} · {events}{this}": (
        "  {device}  {name}  最后写入于 {time} · {events}{this}"
    ),
    "Waiting to be sent: {count} change": "等待发送：{count} 项更改",
    "Waiting to be sent: {count} changes": "等待发送：{count} 项更改",
    "never": "从未",
    "{time} UTC": "{time}（UTC 时间）",
}

TABLES = {"zh": ZH}
"""The languages with a table, by their base code: zh-CN, zh_TW and zh-Hans are zh."""


def table_for(lang: str | None) -> dict[str, str]:
    """The table of `lang` (any region or script of it); empty for English and the rest."""
    if not lang:
        return {}
    return TABLES.get(lang.replace("_", "-").split("-")[0].lower(), {})


def say(english: str, lang: str | None, **values: Any) -> str:
    """`english`, a template, in `lang` with `values` filled in. A template given no values
    is taken as written."""
    template = table_for(lang).get(english, english)
    return template.format(**values) if values else template


def say_count(one: str, many: str, count: int, lang: str | None, **values: Any) -> str:
    """`one` or `many` by `count` (which fills `{count}`), as English chooses; in a language
    with no plural, both are the same words."""
    return say(one if count == 1 else many, lang, count=count, **values)


def say_phrase(text: str, lang: str | None) -> str:
    """What a lower layer wrote, in `lang`: a Phrase is worded from its template; any other
    text (an error from the worker, an exception's message) is shown as it is."""
    if isinstance(text, Phrase):
        return say(text.template, lang, **text.values)
    return text


def say_error(exc: BaseException, lang: str | None) -> str:
    """An exception's message in `lang`: worded afresh where a lower layer raised it with a
    Phrase (a refused undo, an untrusted snippet), as it is otherwise."""
    message = exc.args[0] if exc.args else ""
    return say_phrase(message, lang) if isinstance(message, Phrase) else str(exc)


def later(english: str) -> str:
    """Marks a template kept in a constant (a hint per question type, a grade's name) that
    a screen says where it shows it: the English, unchanged. The test of the table counts it
    as a use, as gettext's N_ does."""
    return english
