"""Checks on the parsed rule vectors: llama.cpp's own, and the ones it lacks.

`llama_left_recursion` ports llama_grammar_detect_left_recursion exactly (its
answer decides whether llama.cpp returns NULL), but iteratively and with a
budget: the C version recurses on the C stack and re-walks shared rules, so a
crafted grammar overflows the stack or runs for hours. The C check treats a rule
as "may be empty" only when it has a literally empty alternative, so left
recursion through a rule that merely *derives* the empty string slips past it;
when such a cycle has a non-tail step, llama.cpp's stack expansion grows until
std::bad_alloc aborts the process (seen with `root ::= x root "a" | "b"`,
`x ::= y`, `y ::= ""`). `hidden_left_recursion` closes that gap with real
nullability. `never_finishing_rule` finds rules that can only recurse (the
model would generate forever) and `dead_class_rule` classes that match nothing.
"""

from __future__ import annotations

from ._lexer import ALT, CHAR, CHAR_ALT, CHAR_NOT, CHAR_RNG_UPPER, END, RULE_REF, ParseFailure, Rule

MAX_LEFT_RECURSION_STEPS = 1_000_000  # elements the C check would walk
MAX_LEFT_RECURSION_DEPTH = 2_500  # C frames (~128 B): fits a 512 KiB thread stack


def split_alternatives(rules: list[Rule]) -> list[list[Rule]]:
    """Each rule's alternatives without the ALT/END markers; computed once, shared below."""
    return [_alternatives(rule) for rule in rules]


def _alternatives(rule: Rule) -> list[Rule]:
    alts: list[Rule] = []
    start = 0
    for i, (kind, _) in enumerate(rule):
        if kind in (ALT, END):
            alts.append(rule[start:i])  # slicing runs at C speed; this is the hot loop
            start = i + 1
            if kind == END:
                break
    return alts


def llama_left_recursion(rules: list[Rule]) -> int | None:
    """The rule index where llama.cpp reports left recursion, or None."""
    n = len(rules)
    visited, in_progress, may_be_empty = [False] * n, [False] * n, [False] * n
    steps = 0
    frames: list[list[int]] = []  # emulated C frames: [rule index, element index, recurse flag]
    for top in range(n):
        if visited[top]:
            continue

        def enter(index: int) -> bool:
            nonlocal steps
            steps += 1 + len(rules[index])  # the C code scans the whole rule on entry
            if steps > MAX_LEFT_RECURSION_STEPS or len(frames) >= MAX_LEFT_RECURSION_DEPTH:
                raise ParseFailure(0, "the grammar is too complex for llama.cpp to check", "unsafe")
            if in_progress[index]:
                return True
            in_progress[index] = True
            at_rule_start = True
            for kind, _ in rules[index]:
                if kind in (END, ALT):
                    if at_rule_start:
                        may_be_empty[index] = True
                        break
                    at_rule_start = True
                else:
                    at_rule_start = False
            frames.append([index, 0, 1])
            return False

        if enter(top):
            return top
        while frames:
            frame = frames[-1]
            index, i, recurse = frame
            rule = rules[index]
            if i >= len(rule):
                in_progress[index] = False
                visited[index] = True
                frames.pop()
                if frames:  # back in the caller, just after its RULE_REF
                    if not may_be_empty[index]:
                        frames[-1][2] = 0
                    frames[-1][1] += 1
                continue
            kind, value = rule[i]
            steps += 1
            if kind == RULE_REF and recurse:
                if enter(value):
                    return value
                continue
            frame[2] = 1 if kind in (END, ALT) else 0
            frame[1] += 1
    return None


def fixpoints(alts: list[list[Rule]]) -> tuple[list[bool], list[bool]]:
    """(nullable, productive) per rule, by one shared worklist pass each (linear).

    nullable: some alternative is all references to nullable rules (or empty);
    productive: some alternative's references are all to productive rules.
    """
    pending_null: list[int] = []  # per alternative: refs not yet known nullable (-1: never)
    pending_prod: list[int] = []
    owner: list[int] = []
    users: list[list[int]] = [[] for _ in alts]
    for index, rule_alts in enumerate(alts):
        for alt in rule_alts:
            alt_id = len(owner)
            owner.append(index)
            refs = [v for k, v in alt if k == RULE_REF]
            pending_prod.append(len(refs))
            pending_null.append(len(refs) if len(refs) == len(alt) else -1)
            for target in refs:
                users[target].append(alt_id)

    def run(pending: list[int]) -> list[bool]:
        done = [False] * len(alts)
        ready = [owner[a] for a, n in enumerate(pending) if n == 0]
        while ready:
            index = ready.pop()
            if done[index]:
                continue
            done[index] = True
            for alt_id in users[index]:
                pending[alt_id] -= 1
                if pending[alt_id] == 0:
                    ready.append(owner[alt_id])
        return done

    return run(pending_null), run(pending_prod)


def _components(edges: list[set[int]]) -> list[int]:
    """Strongly connected component id per node (iterative Tarjan)."""
    n = len(edges)
    index, low, comp = [-1] * n, [0] * n, [-1] * n
    on_stack, stack, counter, n_comp = [False] * n, [], 0, 0
    for top in range(n):
        if index[top] >= 0:
            continue
        work = [(top, iter(edges[top]))]
        index[top] = low[top] = counter
        counter += 1
        stack.append(top)
        on_stack[top] = True
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if index[nxt] < 0:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, iter(edges[nxt])))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    comp[member] = n_comp
                    if member == node:
                        break
                n_comp += 1
    return comp


def hidden_left_recursion(alts: list[list[Rule]], nullable: list[bool]) -> int | None:
    """A rule whose expansion grows llama.cpp's stack forever without consuming text, or None.

    Edges go from a rule to the references it can reach without consuming text.
    llama.cpp drops a reference in tail position before expanding it and skips
    stacks it has seen, so a cycle of tail references is harmless; a cycle with
    one non-tail edge pushes an element per lap, and expansion never ends.
    """
    edges: list[set[int]] = [set() for _ in alts]
    growing: list[tuple[int, int]] = []  # non-tail edges
    for index, rule_alts in enumerate(alts):
        for alt in rule_alts:
            for i, (kind, value) in enumerate(alt):
                if kind != RULE_REF:
                    break
                edges[index].add(value)
                if i + 1 < len(alt):
                    growing.append((index, value))
                if not nullable[value]:
                    break
    comp = _components(edges)
    return next((src for src, dst in growing if comp[src] == comp[dst]), None)


MAX_CODE_POINT = 0x10FFFF


def _class_matches_something(rule: Rule, i: int) -> bool:
    """Whether the character class starting at rule[i] matches any code point.

    Code point 0 never matches: llama.cpp reads it as the end of a token's text.
    """
    negated = rule[i][0] == CHAR_NOT
    spans: list[tuple[int, int]] = []
    while True:
        low = rule[i][1]
        high = low
        if rule[i + 1][0] == CHAR_RNG_UPPER:
            high = rule[i + 1][1]
            i += 1
        spans.append((max(low, 1), min(high, MAX_CODE_POINT)))
        i += 1
        if rule[i][0] != CHAR_ALT:
            break
    spans = sorted(span for span in spans if span[0] <= span[1])
    if not negated:
        return bool(spans)
    covered = 0  # everything in 1..covered is excluded by the class
    for low, high in spans:
        if low > covered + 1:
            return True
        covered = max(covered, high)
    return covered < MAX_CODE_POINT


def reachable_rules(rules: list[Rule], root: int) -> list[int]:
    """Rule indexes reachable from root, root first."""
    seen, order, todo = {root}, [root], [root]
    while todo:
        for kind, value in rules[todo.pop()]:
            if kind == RULE_REF and value not in seen:
                seen.add(value)
                order.append(value)
                todo.append(value)
    return order


def never_finishing_rule(productive: list[bool], reachable: list[int]) -> int | None:
    """A reachable rule that can only recurse (the model would generate forever), or None."""
    return next((i for i in reachable if not productive[i]), None)


def dead_class_rule(rules: list[Rule], reachable: list[int]) -> int | None:
    """A reachable rule with a character class that matches nothing, or None.

    Once generation reaches such a class every candidate token is rejected and the
    sampler picks one anyway: llama.cpp's accept then throws inside C++ (abort),
    or, for a token with empty text, lets it through and stalls there forever.
    """
    for index in reachable:
        rule = rules[index]
        for i, (kind, value) in enumerate(rule):
            if kind == CHAR and 0 < value <= MAX_CODE_POINT:
                after, upper = rule[i + 1]
                if after != CHAR_RNG_UPPER or value <= upper:
                    continue  # the common case: its first character or range matches
            elif kind != CHAR_NOT and kind != CHAR:
                continue
            if not _class_matches_something(rule, i):
                return index
    return None
