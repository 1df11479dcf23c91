"""How long a run of one kind of text llama.cpp's gpt-oss pre-tokenizer survives.

gpt-oss declares the `gpt-4o` pre-tokenizer. llama.cpp has no hand-written
splitter for it, so it runs its regex with std::regex, whose backtracking
matcher recurses once per character of a match: one long match (a run of
letters, punctuation or CJK without whitespace) overflows the stack and the
process dies with SIGSEGV. This finds, for each kind of text, the longest run
that still tokenizes, by bisection; every try runs in a child process because
the failing ones crash. The tiny synthetic model has the same pre-tokenizer as
the real gpt-oss, and the regex runs before any merge, so its vocabulary does not
matter. The child tokenizes on its main thread with the inherited stack limit,
as the engine process does.

    python bench/tokenizer_limit.py [--kinds letters,cjk] [--max 4194304] [--out FILE]

The result (bench/tokenizer_limit.json) records the machine, the stack limit
and llama-cpp-python's version beside the numbers; app/core/engine/text_pieces.py
keeps every piece far below the smallest limit found.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One repeating unit per kind; a run of n characters is the unit repeated and cut to n.
KINDS: dict[str, str] = {
    "letters": "a",
    "capitals": "A",
    "mixed-case letters": "aBcD",
    "digits": "7",
    "punctuation": "!#$%&*+,-./:;=?@^_~",
    "cjk": "漢字語",
    "combining accents": "e\u0301",
    "mixed": "ab1.C漢-é",
    "base64": "QUJDRGVm+/8=",
    "spaces": " ",
    "newlines": "\n",
}


def run_text(kind: str, n: int) -> str:
    unit = KINDS[kind]
    return (unit * (n // len(unit) + 1))[:n]


def child(model: str, kind: str, n: int) -> int:
    import llama_cpp

    llm = llama_cpp.Llama(model_path=model, vocab_only=True, verbose=False)
    tokens = llm.tokenize(run_text(kind, n).encode("utf-8"), add_bos=False, special=False)
    return 0 if tokens else 1


def survives(model: str, kind: str, n: int, stack: int | None) -> tuple[bool, int]:
    """Whether a run of ``n`` characters tokenizes; the child's exit status.

    ``stack``: the child's stack limit in bytes (None: this process's own).
    """

    def limit_stack() -> None:
        if stack is not None:
            resource.setrlimit(
                resource.RLIMIT_STACK, (stack, resource.getrlimit(resource.RLIMIT_STACK)[1])
            )

    done = subprocess.run(
        [sys.executable, __file__, "--child", model, kind, str(n)],
        capture_output=True,
        check=False,
        preexec_fn=limit_stack,
    )
    return done.returncode == 0, done.returncode


def limit(model: str, kind: str, ceiling: int, stack: int | None = None) -> dict[str, object]:
    """The longest run that tokenizes (within 0.2 %), or ``None`` if even ``ceiling`` does."""
    tries = 0
    low, high, signal = 0, 1000, 0
    while True:  # double until one crashes
        ok, code = survives(model, kind, high, stack)
        tries += 1
        if not ok:
            signal = code
            break
        low = high
        if high >= ceiling:
            return {"longest_ok": None, "survived_up_to": ceiling, "tries": tries}
        high = min(high * 2, ceiling)
    while high - low > max(16, low // 500):
        middle = (low + high) // 2
        ok, code = survives(model, kind, middle, stack)
        tries += 1
        if ok:
            low = middle
        else:
            high, signal = middle, code
    return {
        "longest_ok": low,
        "first_crash": high,
        "exit_status": signal,
        "utf8_bytes_longest_ok": len(run_text(kind, low).encode("utf-8")),
        "tries": tries,
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds")
    parser.add_argument("--max", type=int, default=4 * 1024 * 1024, help="longest run to try")
    parser.add_argument(
        "--smaller-stacks-kib", type=int, nargs="*", default=[2048, 1024, 512], metavar="KIB"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "tokenizer_limit.json")
    args = parser.parse_args()

    from app.core.synthetic import build_gptoss_gguf

    soft, _hard = resource.getrlimit(resource.RLIMIT_STACK)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        model = str(build_gptoss_gguf(Path(folder) / "tiny.gguf", "tiny"))
        for kind in args.kinds.split(","):
            started = time.perf_counter()
            found = limit(model, kind, args.max)
            found["seconds"] = round(time.perf_counter() - started, 1)
            results[kind] = found
            print(f"{kind}: {found}", flush=True)
        # The depth is per character, so the limit scales with the stack: letters again
        # with the smaller stacks of other threads and platforms.
        smaller: dict[str, object] = {}
        for kib in args.smaller_stacks_kib:
            found = limit(model, "letters", args.max, kib * 1024)
            smaller[f"letters, {kib} KiB stack"] = found
            print(f"letters, {kib} KiB stack: {found}", flush=True)
    report = {
        "what": "longest run of one kind of text that llama_tokenize survives (characters)",
        "date": datetime.date.today().isoformat(),
        "cpu": cpu_model(),
        "stack_limit_bytes": None if soft == resource.RLIM_INFINITY else soft,
        "llama_cpp_python": version("llama-cpp-python"),
        "pre_tokenizer": "gpt-4o (tiny synthetic gpt-oss model)",
        "results": results,
        "smaller_stacks": smaller,
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
