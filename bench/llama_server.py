"""llama.cpp's own llama-server, built from the llama.cpp the installed wheel bundles.

    python bench/llama_server.py     # builds it once (minutes), then prints where it is

The tests that hold Lokal's client and server against llama-server
(tests/test_remote_llama_server.py, tests/test_server_vs_llama_server.py) need it and are
skipped without it. It is built outside the checkout, in ~/.cache/lokal/llama-server/<version>/,
so that a fresh clone (CI) reuses it as pip reuses the llama-cpp-python wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_settings import say
from llama_bench import llama_cpp_python_version

BUILDS = Path.home() / ".cache" / "lokal" / "llama-server"


def server_binary(version: str) -> Path:
    return BUILDS / version / "build" / "bin" / "llama-server"


def cmake_flags() -> list[str]:
    """Release, this CPU's instructions, no network libraries: the server is started on
    loopback only, with a GGUF file it is given."""
    return [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DGGML_NATIVE=ON",
        "-DLLAMA_CURL=OFF",
        "-DLLAMA_OPENSSL=OFF",
        "-DLLAMA_BUILD_TESTS=OFF",
        "-DLLAMA_BUILD_EXAMPLES=OFF",
        "-DLLAMA_BUILD_SERVER=ON",
    ]


def sdist(version: str) -> Path:
    archive = BUILDS / "downloads" / f"llama_cpp_python-{version}.tar.gz"
    if not archive.exists():
        say(f"downloading the llama-cpp-python {version} sdist …")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"llama-cpp-python=={version}", "-d", str(archive.parent)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return archive


def build_llama_server(version: str) -> Path:
    """llama-server of the wheel's llama.cpp; built once, then reused."""
    binary = server_binary(version)
    if binary.exists():
        return binary
    folder = BUILDS / version
    source = folder / f"llama_cpp_python-{version}" / "vendor" / "llama.cpp"
    if not source.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(sdist(version)) as tar:
            tar.extractall(folder, filter="data")
    say("building llama-server (several minutes) …")
    started = time.perf_counter()
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    build = folder / "build"
    subprocess.run(
        ["cmake", "-S", str(source), "-B", str(build), *generator, *cmake_flags()],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run(
        ["cmake", "--build", str(build), "--target", "llama-server", "-j2"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    say(f"built {binary} in {time.perf_counter() - started:.0f} s")
    return binary


def main() -> int:
    try:
        print(build_llama_server(llama_cpp_python_version()))
    except (OSError, subprocess.CalledProcessError, tarfile.TarError) as exc:
        print(f"llama-server could not be built: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
