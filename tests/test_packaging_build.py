"""packaging/build_llama_cpp.py: the CMAKE_ARGS per installer and the wheel checker.

Nothing is compiled here: the wheels are small zip files made up by the tests.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "packaging" / "build_llama_cpp.py"


def _load() -> ModuleType:
    # packaging/ is a folder of scripts, not a package (an importable
    # "packaging" would shadow the PyPI library of that name).
    spec = importlib.util.spec_from_file_location("lokal_build_llama_cpp", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


blc = _load()

DYNAMIC = ("-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON")
BASE_LIBS = ("libllama.so", "libggml.so", "libggml-base.so")
CPU_VARIANTS = ("x64", "sse42", "sandybridge", "haswell", "skylakex", "alderlake")


def make_wheel(path: Path, files: dict[str, bytes] | list[str]) -> Path:
    if isinstance(files, list):
        files = dict.fromkeys(files, b"\x7fELF")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("llama_cpp/__init__.py", '__version__ = "0.3.36"\n')
        zf.writestr("llama_cpp_python-0.3.36.dist-info/METADATA", "Name: llama_cpp_python\n")
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def lib(*names: str) -> list[str]:
    return [f"llama_cpp/lib/{n}" for n in names]


def cpu_libs() -> list[str]:
    return lib(*BASE_LIBS, *(f"libggml-cpu-{v}.so" for v in CPU_VARIANTS))


# --- CMAKE_ARGS -------------------------------------------------------------


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_cpu_args_build_every_cpu_variant_as_a_loadable_backend(platform: str) -> None:
    args = blc.cmake_args("cpu", platform=platform)
    for flag in DYNAMIC:
        assert flag in args
    assert "-DCMAKE_INSTALL_BINDIR=llama_cpp/lib" in args
    assert not any("CUDA" in a or "METAL" in a for a in args)


def test_cpu_args_set_an_origin_rpath_on_linux_only() -> None:
    assert "-DCMAKE_INSTALL_RPATH=$ORIGIN" in blc.cmake_args("cpu", platform="linux")
    assert not any("RPATH" in a for a in blc.cmake_args("cpu", platform="win32"))


def test_cuda_args_add_cuda_and_keep_the_cpu_variants_dynamic() -> None:
    args = blc.cmake_args("cuda", platform="linux")
    for flag in (*DYNAMIC, "-DGGML_CUDA=ON"):
        assert flag in args
    assert not any(a.startswith("-DCMAKE_CUDA_ARCHITECTURES") for a in args)


def test_cuda_architectures_are_passed_through() -> None:
    args = blc.cmake_args("cuda", cuda_architectures="75-real;86-real;120a-real")
    assert "-DCMAKE_CUDA_ARCHITECTURES=75-real;86-real;120a-real" in args


def test_cuda_architectures_are_refused_for_other_variants() -> None:
    with pytest.raises(ValueError):
        blc.cmake_args("cpu", cuda_architectures="86")
    with pytest.raises(SystemExit):
        blc.parse_args(["--variant", "cpu", "--cuda-architectures", "86"])


def test_metal_args_embed_the_shader_library_without_dynamic_backends() -> None:
    args = blc.cmake_args("metal", platform="darwin")
    for flag in ("-DGGML_METAL=ON", "-DGGML_METAL_EMBED_LIBRARY=ON", "-DGGML_NATIVE=OFF"):
        assert flag in args
    assert not any("BACKEND_DL" in a or "ALL_VARIANTS" in a or "CUDA" in a for a in args)


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError):
        blc.cmake_args("vulkan")


def test_build_env_and_pip_command() -> None:
    args = blc.cmake_args("cpu", platform="linux")
    env = blc.build_env(args, jobs=3, base={"PATH": "/usr/bin"})
    assert env["PATH"] == "/usr/bin"
    assert env["CMAKE_ARGS"].split() == args
    assert env["FORCE_CMAKE"] == "1"
    assert env["CMAKE_BUILD_PARALLEL_LEVEL"] == "3"

    cmd = blc.pip_wheel_command("0.3.36", Path("/tmp/w"), python="python3")
    assert cmd[:4] == ["python3", "-m", "pip", "wheel"]
    line = " ".join(cmd)
    assert "--no-deps --no-binary llama-cpp-python" in line
    assert "--no-cache-dir" in cmd  # a cached wheel may have other CMAKE_ARGS
    assert cmd[cmd.index("--wheel-dir") + 1] == "/tmp/w"
    assert cmd[-1] == "llama-cpp-python==0.3.36"


def test_dry_run_prints_the_exact_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert blc.main(["--variant", "cuda", "--out", "/tmp/w", "--jobs", "2", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "CMAKE_ARGS='-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON" in out
    assert "-DGGML_CUDA=ON" in out
    assert "FORCE_CMAKE=1 CMAKE_BUILD_PARALLEL_LEVEL=2" in out
    assert "pip wheel --verbose --no-deps --no-binary llama-cpp-python" in out


# --- wheel checker ----------------------------------------------------------


def test_checker_accepts_a_cpu_all_variants_wheel(tmp_path: Path) -> None:
    report = blc.check_wheel(make_wheel(tmp_path / "w.whl", cpu_libs()), "cpu")
    assert report.ok, report.problems
    assert report.cpu_variants == sorted(CPU_VARIANTS)
    assert "libggml-cpu-haswell.so" in report.backend_libraries
    assert "libggml-base.so" not in report.backend_libraries


def test_checker_rejects_a_wheel_without_cpu_variant_libraries(tmp_path: Path) -> None:
    default_build = lib(*BASE_LIBS, "libggml-cpu.so", "libggml-cpu.so.0", "libggml-cpu.so.0.25.3")
    report = blc.check_wheel(make_wheel(tmp_path / "w.whl", default_build), "cpu")
    assert not report.ok
    assert "ggml-cpu-<variant>" in report.problems[0]
    assert "GGML_BACKEND_DL" in report.problems[0]


def test_checker_points_at_backends_installed_outside_llama_cpp_lib(tmp_path: Path) -> None:
    files = lib(*BASE_LIBS) + [f"bin/libggml-cpu-{v}.so" for v in CPU_VARIANTS]
    report = blc.check_wheel(make_wheel(tmp_path / "w.whl", files), "cpu")
    assert not report.ok
    assert "bin/libggml-cpu-x64.so" in report.problems[0]


def test_checker_wants_the_baseline_cpu_variant(tmp_path: Path) -> None:
    files = lib(*BASE_LIBS, "libggml-cpu-haswell.so", "libggml-cpu-skylakex.so")
    report = blc.check_wheel(make_wheel(tmp_path / "w.whl", files), "cpu")
    assert not report.ok
    assert "baseline" in report.problems[0]


def test_checker_wants_llama_and_ggml(tmp_path: Path) -> None:
    files = lib("libggml-cpu-x64.so")
    report = blc.check_wheel(make_wheel(tmp_path / "w.whl", files), "cpu")
    assert {p.split()[-2] for p in report.problems} == {"llama", "ggml", "ggml-base"}


def test_checker_cuda_needs_the_cuda_backend_and_the_cpu_variants(tmp_path: Path) -> None:
    no_cuda = blc.check_wheel(make_wheel(tmp_path / "a.whl", cpu_libs()), "cuda")
    assert not no_cuda.ok
    assert "ggml-cuda" in no_cuda.problems[0]

    with_cuda = make_wheel(tmp_path / "b.whl", [*cpu_libs(), *lib("libggml-cuda.so")])
    report = blc.check_wheel(with_cuda, "cuda")
    assert report.ok, report.problems
    assert "libggml-cuda.so" in report.backend_libraries

    cuda_only = make_wheel(tmp_path / "c.whl", lib(*BASE_LIBS, "libggml-cuda.so"))
    assert not blc.check_wheel(cuda_only, "cuda").ok


def test_checker_accepts_windows_names(tmp_path: Path) -> None:
    files = lib("llama.dll", "ggml.dll", "ggml-base.dll", "ggml-cpu-x64.dll")
    files += lib("ggml-cpu-haswell.dll", "ggml-cuda.dll")
    report = blc.check_wheel(make_wheel(tmp_path / "w.whl", files), "cuda")
    assert report.ok, report.problems
    assert report.cpu_variants == ["haswell", "x64"]


def test_checker_metal_needs_the_embedded_shader_library(tmp_path: Path) -> None:
    base = lib("libllama.dylib", "libggml.dylib", "libggml-base.dylib", "libggml-cpu.dylib")
    files = dict.fromkeys(base, b"\xcf\xfa\xed\xfe")
    embedded = {**files, "llama_cpp/lib/libggml-metal.dylib": b"..._ggml_metallib_start..."}
    assert blc.check_wheel(make_wheel(tmp_path / "a.whl", embedded), "metal").ok

    separate = {**files, "llama_cpp/lib/libggml-metal.dylib": b"\xcf\xfa\xed\xfe no shaders"}
    report = blc.check_wheel(make_wheel(tmp_path / "b.whl", separate), "metal")
    assert not report.ok
    assert "EMBED" in report.problems[0]

    assert not blc.check_wheel(make_wheel(tmp_path / "c.whl", files), "metal").ok


def test_checker_rejects_what_is_not_a_wheel(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.whl"
    bogus.write_bytes(b"not a zip")
    report = blc.check_wheel(bogus, "cpu")
    assert not report.ok
    assert "cannot open" in report.problems[0]

    other = tmp_path / "other.whl"
    with zipfile.ZipFile(other, "w") as zf:
        for name in cpu_libs():
            zf.writestr(name, b"")  # but no llama_cpp/__init__.py
    assert any("not a llama-cpp-python wheel" in p for p in blc.check_wheel(other, "cpu").problems)


def test_check_mode_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_wheel(tmp_path / "good.whl", cpu_libs())
    assert blc.main(["--variant", "cpu", "--check", str(good)]) == 0
    assert "check: OK" in capsys.readouterr().out
    assert blc.main(["--variant", "cuda", "--check", str(good)]) == 1
    assert "check: FAILED" in capsys.readouterr().out


def fake_bundle(root: Path, libraries: list[str]) -> Path:
    lib = root / "lokal" / "_internal" / "llama_cpp" / "lib"
    lib.mkdir(parents=True)
    for name in libraries:
        (lib / name).write_bytes(b"")
    return root / "lokal"


@pytest.mark.parametrize(
    ("variant", "libraries", "expected"),
    [
        ("cpu", ["libllama.so", "libggml-cpu.so"], "single ggml-cpu library"),
        ("cpu", ["libllama.so", "libggml-cpu-haswell.so"], "no baseline CPU variant"),
        ("cpu", ["libllama.so", "libggml-cpu-x64.so", "libggml-cpu-haswell.so"], None),
        ("cuda", ["llama.dll", "ggml-cpu-x64.dll"], "no ggml-cuda library"),
        ("cuda", ["llama.dll", "ggml-cpu-x64.dll", "ggml-cuda.dll"], None),
        ("metal", ["libllama.dylib"], "no libggml-metal library"),
    ],
)
def test_a_bundle_must_hold_the_build_its_installer_ships(
    tmp_path: Path, variant: str, libraries: list[str], expected: str | None
) -> None:
    spec = importlib.util.spec_from_file_location(
        "lokal_build_bundle", ROOT / "packaging" / "build_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    build_bundle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_bundle)
    bundle = fake_bundle(tmp_path, libraries)
    platform = "darwin" if variant == "metal" else "win32"
    problems = [
        p
        for p in build_bundle.check_bundle(bundle, platform=platform, variant=variant)
        if "llama_cpp/lib" in p or "baseline" in p
    ]
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0]


# --- unsafe CPU variants ----------------------------------------------------------


def test_windows_builds_must_not_carry_the_amx_variant(tmp_path: Path) -> None:
    names = [*cpu_libs(), "llama_cpp/lib/libggml-cpu-sapphirerapids.so"]
    wheel = make_wheel(tmp_path / "w.whl", names)
    # Linux keeps it: the engine refuses AMX tiles there (app/core/engine/tile_guard.py).
    assert blc.check_wheel(wheel, "cpu", platform="linux").ok
    problems = blc.check_wheel(wheel, "cpu", platform="win32").problems
    assert len(problems) == 1 and "sapphirerapids" in problems[0] and "AMX" in problems[0]


def test_stripping_a_variant_removes_its_library_and_record_line(tmp_path: Path) -> None:
    files = {n: b"\x7fELF" for n in cpu_libs()}
    files["llama_cpp/lib/ggml-cpu-sapphirerapids.dll"] = b"MZ"
    record = "".join(f"{n},sha256=x,4\n" for n in files)
    files["llama_cpp_python-0.3.36.dist-info/RECORD"] = record.encode()
    wheel = make_wheel(tmp_path / "w.whl", files)
    removed = blc.strip_cpu_variants(wheel, blc.unsafe_cpu_variants("win32"))
    assert removed == ["llama_cpp/lib/ggml-cpu-sapphirerapids.dll"]
    with zipfile.ZipFile(wheel) as zf:
        assert "llama_cpp/lib/ggml-cpu-sapphirerapids.dll" not in zf.namelist()
        assert "sapphirerapids" not in zf.read("llama_cpp_python-0.3.36.dist-info/RECORD").decode()
        assert "llama_cpp/lib/libggml-cpu-haswell.so" in zf.namelist()
    assert blc.check_wheel(wheel, "cpu", platform="win32").ok
    assert blc.strip_cpu_variants(wheel, {"sapphirerapids"}) == []


# --- the wheel cache --------------------------------------------------------------


def test_the_cache_is_outside_the_checkout_and_keyed_by_version_and_flags() -> None:
    root = blc.cache_root({"HOME": "/home/u", "XDG_CACHE_HOME": "/c"})
    assert root == Path("/c/lokal/portable-wheels")
    assert blc.cache_root({"LOKAL_WHEEL_CACHE": "/w"}) == Path("/w")
    cpu = blc.cmake_args("cpu", platform="linux")
    key = blc.cache_key("0.3.36", "cpu", cpu, "linux")
    assert key.startswith("0.3.36-")
    assert key == blc.cache_key("0.3.36", "cpu", cpu, "linux")
    assert key != blc.cache_key("0.3.37", "cpu", cpu, "linux")
    assert key != blc.cache_key("0.3.36", "cpu", [*cpu, "-DGGML_AVX512=OFF"], "linux")
    assert key != blc.cache_key("0.3.36", "cuda", cpu, "linux")


def _fake_pip(calls: list[list[str]], wheel_files: list[str]) -> object:
    """A stand-in for subprocess.run that 'builds' a wheel into --wheel-dir."""

    def run(cmd: list[str], **_: object) -> object:
        calls.append(cmd)
        out = Path(cmd[cmd.index("--wheel-dir") + 1])
        make_wheel(out / "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl", wheel_files)

        class Done:
            returncode = 0

        return Done()

    return run


def test_cached_builds_once_and_then_reuses_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(blc.subprocess, "run", _fake_pip(calls, cpu_libs()))
    argv = ["--variant", "cpu", "--cached", "--cache-dir", str(tmp_path), "--quiet"]
    assert blc.main(["--variant", "cpu", "--print-cached", "--cache-dir", str(tmp_path)]) == 1
    assert blc.main(argv) == 0
    assert blc.main(argv) == 0
    assert len(calls) == 1
    out = capsys.readouterr().out
    assert "reusing" in out
    assert blc.main(["--variant", "cpu", "--print-cached", "--cache-dir", str(tmp_path)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.is_file() and printed.parent.parent == tmp_path
    assert printed.parent.name.startswith("0.3.36-")


def test_a_cached_wheel_that_fails_the_checker_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(blc.subprocess, "run", _fake_pip(calls, cpu_libs()))
    key = blc.cache_key("0.3.36", "cpu", blc.cmake_args("cpu"), sys.platform)
    broken = tmp_path / key / "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl"
    broken.parent.mkdir()
    broken.write_bytes(b"not a zip")
    assert blc.main(["--variant", "cpu", "--cached", "--cache-dir", str(tmp_path)]) == 0
    assert len(calls) == 1 and blc.check_wheel(broken, "cpu").ok
