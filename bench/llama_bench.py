"""llama.cpp's own llama-bench, built from the very llama.cpp our wheel bundles.

The yardstick for our engine's speed has to be the same code with nothing of ours
around it: llama-bench is built from vendor/llama.cpp of the installed
llama-cpp-python's sdist (cached in bench/.cache/) with the wheel's cmake flags, and
the CPU features both builds report are compared so that a missing AVX flag cannot
pass for engine overhead. run_llama_bench() measures pp512 and tg128 and, for the
memory comparison, the child's peak RSS and load time.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine_settings import CACHE, N_BATCH, PP_TOKENS, REPEATS, TG_TOKENS, say


def cpu_features(system_info: str) -> set[str]:
    """The flags set to 1 in a llama_print_system_info() line."""
    return {m[1] for m in re.finditer(r"(\w+) = 1\b", system_info)}


def llama_cpp_python_version() -> str:
    return importlib.metadata.version("llama-cpp-python")


def cmake_flags() -> list[str]:
    """The installed wheel's build: scikit-build-core's Release, shared libraries and
    llama.cpp's defaults (native CPU flags, OpenMP, repacking, llamafile kernels)."""
    return [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DBUILD_SHARED_LIBS=ON",
        "-DGGML_NATIVE=ON",
        "-DGGML_OPENMP=ON",
        "-DGGML_CPU_REPACK=ON",
        "-DGGML_LLAMAFILE=ON",
        "-DLLAMA_CURL=OFF",
        "-DLLAMA_BUILD_TESTS=OFF",
        "-DLLAMA_BUILD_EXAMPLES=OFF",
        "-DLLAMA_BUILD_SERVER=OFF",
    ]


def llama_bench_paths(version: str) -> tuple[Path, Path]:
    """(source tree, llama-bench binary) for this llama-cpp-python version."""
    source = CACHE / f"llama_cpp_python-{version}" / "vendor" / "llama.cpp"
    return source, source / "build" / "bin" / "llama-bench"


def build_llama_bench(version: str) -> Path:
    """llama-bench of the llama.cpp that the installed wheel bundles; built once, then reused."""
    source, binary = llama_bench_paths(version)
    if binary.exists():
        return binary
    archive = CACHE / "downloads" / f"llama_cpp_python-{version}.tar.gz"
    if not archive.exists():
        say(f"downloading the llama-cpp-python {version} sdist …")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"llama-cpp-python=={version}",
                "-d",
                str(archive.parent),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not source.exists():
        with tarfile.open(archive) as tar:
            tar.extractall(CACHE, filter="data")
    say("building llama-bench (a few minutes) …")
    started = time.perf_counter()
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    subprocess.run(
        ["cmake", "-S", str(source), "-B", str(source / "build"), *generator, *cmake_flags()],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        ["cmake", "--build", str(source / "build"), "--target", "llama-bench", "-j2"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    say(f"built {binary} in {time.perf_counter() - started:.0f} s")
    return binary


_SYSTEM_INFO_SCRIPT = """
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.llama_print_system_info.restype = ctypes.c_char_p
print(lib.llama_print_system_info().decode())
"""


def system_info_of(library: Path) -> str:
    """llama_print_system_info() of a libllama, in its own process (so that its own
    libggml is the one loaded, not the wheel's)."""
    result = subprocess.run(
        [sys.executable, "-c", _SYSTEM_INFO_SCRIPT, str(library)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or f"(failed: {result.stderr.strip()[-200:]})"


def installed_system_info() -> str:
    import llama_cpp

    return str(llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")).strip()


@dataclass
class BenchResult:
    pp_samples: list[float]
    tg_samples: list[float]
    pp_avg: float
    tg_avg: float
    load_s: float | None
    peak_rss: int
    wall_s: float
    command: list[str]

    @property
    def pp(self) -> float:
        return statistics.median(self.pp_samples)

    @property
    def tg(self) -> float:
        return statistics.median(self.tg_samples)


def llama_bench_command(
    binary: Path,
    model: Path,
    threads: int,
    *,
    n_gen: int,
    repeats: int,
    use_mmap: bool,
    repack: bool,
    depth: int,
) -> list[str]:
    """llama-bench with the settings our engine runs with (engine_settings.py): pp512,
    then tg of n_gen tokens if any, JSON output. One place, so every comparison matches."""
    return [
        str(binary), "-m", str(model), "-p", str(PP_TOKENS), "-n", str(n_gen),
        "-r", str(repeats), "-o", "json", "-fa", "auto", "-b", str(N_BATCH),
        "-ub", str(N_BATCH), "-t", str(threads), "-lm", "mmap" if use_mmap else "none",
        "--repack", "1" if repack else "0", "-d", str(depth),
    ]  # fmt: skip


def run_llama_bench(
    binary: Path, model: Path, threads: int, *, use_mmap: bool, repack: bool, depth: int = 0
) -> BenchResult:
    """pp512 and tg128, 3 repetitions each after llama-bench's own warm-up runs, each
    after `depth` tokens already in the cache (untimed), as the engine's requests have.

    Peak RSS is the child's ru_maxrss from wait4(); load time is from the line
    "starting" to "warmup prompt run" of --progress (model load + context creation).
    """
    command = [
        *llama_bench_command(
            binary, model, threads, n_gen=TG_TOKENS, repeats=REPEATS,
            use_mmap=use_mmap, repack=repack, depth=depth,
        ),
        "--progress",
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    progress: list[tuple[float, str]] = []

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            progress.append((time.perf_counter(), line.rstrip()))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        tail = "\n".join(line for _, line in progress[-15:])
        raise RuntimeError(f"llama-bench failed ({process.returncode}):\n{tail}")
    tests: list[dict[str, Any]] = json.loads(output)
    pp = next(t for t in tests if t["n_prompt"] == PP_TOKENS and t["n_gen"] == 0)
    tg = next(t for t in tests if t["n_gen"] == TG_TOKENS and t["n_prompt"] == 0)

    def stamp(text: str) -> float | None:
        return next((t for t, line in progress if text in line), None)

    begin, warm = stamp("benchmark 1/2: starting"), stamp("benchmark 1/2: warmup")
    return BenchResult(
        pp_samples=[float(x) for x in pp["samples_ts"]],
        tg_samples=[float(x) for x in tg["samples_ts"]],
        pp_avg=float(pp["avg_ts"]),
        tg_avg=float(tg["avg_ts"]),
        load_s=warm - begin if begin is not None and warm is not None else None,
        peak_rss=usage.ru_maxrss * 1024,
        wall_s=wall,
        command=command,
    )
