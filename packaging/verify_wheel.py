"""Smoke-test an installed llama-cpp-python build with dynamically loaded backends.

Run it with the interpreter whose environment holds the wheel (an installer's
bundled Python, a CI venv)::

    python packaging/verify_wheel.py --model tiny.gguf --tokens 10
    python packaging/verify_wheel.py --no-load --model tiny.gguf   # what happens without loading

It prints what ``llama_cpp/lib`` holds, the ggml backend registry before and
after ``ggml_backend_load_all_from_path(<llama_cpp/lib>)``, the devices with
their memory, which CPU variant was picked (ggml's log and /proc/self/maps),
the score each CPU variant gives this machine, and optionally loads a GGUF
and generates a few tokens. Exit status 0 when everything asked for worked.
"""

from __future__ import annotations

import argparse
import ctypes
import re
import sys
import time
from pathlib import Path
from typing import Any

DEVICE_TYPES = {0: "CPU", 1: "GPU", 2: "IGPU", 3: "ACCEL", 4: "META"}
# ggml keeps calling the log callback until the process ends (llama_free logs
# at interpreter exit): it must outlive main().
_LOG: list[str] = []
_KEEP: list[Any] = []


class _Feature(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


def _declare(lib: Any) -> None:
    vp, cp, sz = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    sigs: dict[str, tuple[list[Any], Any]] = {
        "ggml_backend_load_all_from_path": ([cp], None),
        "ggml_backend_reg_count": ([], sz),
        "ggml_backend_reg_get": ([sz], vp),
        "ggml_backend_reg_name": ([vp], cp),
        "ggml_backend_reg_dev_count": ([vp], sz),
        "ggml_backend_reg_get_proc_address": ([vp, cp], vp),
        "ggml_backend_dev_count": ([], sz),
        "ggml_backend_dev_get": ([sz], vp),
        "ggml_backend_dev_name": ([vp], cp),
        "ggml_backend_dev_description": ([vp], cp),
        "ggml_backend_dev_type": ([vp], ctypes.c_int),
        "ggml_backend_dev_memory": ([vp, ctypes.POINTER(sz), ctypes.POINTER(sz)], None),
    }
    for name, (argtypes, restype) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = argtypes
        fn.restype = restype


def _counts(lib: Any) -> str:
    return f"reg_count={lib.ggml_backend_reg_count()} dev_count={lib.ggml_backend_dev_count()}"


def _registry(lib: Any) -> list[str]:
    out = []
    for i in range(lib.ggml_backend_reg_count()):
        reg = lib.ggml_backend_reg_get(i)
        name = lib.ggml_backend_reg_name(reg).decode()
        out.append(f"{name} ({lib.ggml_backend_reg_dev_count(reg)} device(s))")
    return out


def _devices(lib: Any) -> list[str]:
    out = []
    for i in range(lib.ggml_backend_dev_count()):
        dev = lib.ggml_backend_dev_get(i)
        free, total = ctypes.c_size_t(), ctypes.c_size_t()
        lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
        kind = DEVICE_TYPES.get(lib.ggml_backend_dev_type(dev), "?")
        out.append(
            f"{lib.ggml_backend_dev_name(dev).decode()} [{kind}] "
            f"{lib.ggml_backend_dev_description(dev).decode()!r} "
            f"memory free {free.value / 2**30:.1f} GiB / total {total.value / 2**30:.1f} GiB"
        )
    return out


def _cpu_features(lib: Any) -> str:
    for i in range(lib.ggml_backend_reg_count()):
        reg = lib.ggml_backend_reg_get(i)
        if lib.ggml_backend_reg_name(reg) != b"CPU":
            continue
        addr = lib.ggml_backend_reg_get_proc_address(reg, b"ggml_backend_get_features")
        if not addr:
            return "(no ggml_backend_get_features)"
        fn = ctypes.CFUNCTYPE(ctypes.POINTER(_Feature), ctypes.c_void_p)(addr)
        feats = fn(reg)
        items, j = [], 0
        while feats[j].name:
            items.append(f"{feats[j].name.decode()}={feats[j].value.decode()}")
            j += 1
        return " ".join(items)
    return "(no CPU backend)"


def _mapped_backends() -> list[str]:
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    return sorted(set(re.findall(r"(\S*libggml-[a-z]+[-\w.]*\.so(?:\.\d+)*)", maps)))


def _mapped_libggml() -> list[str]:
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    return sorted(set(re.findall(r"(\S*/libggml(?:\.so|\.\d+\.dylib|\.dylib)\S*)", maps)))


def _scores(lib_dir: Path) -> list[str]:
    out = []
    for path in sorted(lib_dir.glob("libggml-cpu-*.so")) + sorted(lib_dir.glob("ggml-cpu-*.dll")):
        try:
            mod = ctypes.CDLL(str(path))
            score = mod.ggml_backend_score
            score.restype = ctypes.c_int
            out.append(f"{path.name}={score()}")
        except (OSError, AttributeError) as exc:
            out.append(f"{path.name}=error({exc})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a GGUF to load (e.g. the synthetic tiny one)")
    parser.add_argument("--tokens", type=int, default=10)
    parser.add_argument(
        "--no-load", action="store_true", help="skip ggml_backend_load_all_from_path"
    )
    parser.add_argument("--no-scores", action="store_true", help="do not dlopen every CPU variant")
    parser.add_argument(
        "--via-ggml-module",
        action="store_true",
        help="call ggml through llama_cpp._ggml.libggml (shows the two-copies pitfall)",
    )
    ns = parser.parse_args(argv)

    import llama_cpp
    import llama_cpp._ggml

    lib_dir = Path(llama_cpp.__file__).resolve().parent / "lib"
    print(f"llama_cpp {llama_cpp.__version__} from {lib_dir.parent}")
    print(f"lib files: {' '.join(sorted(p.name for p in lib_dir.iterdir()))}")
    variants = sorted(p.name for p in lib_dir.glob("*ggml-cpu-*"))
    print(f"CPU variant libraries ({len(variants)}): {' '.join(variants)}")

    log = _LOG

    @llama_cpp.llama_log_callback
    def _log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        log.append(text.decode("utf-8", "replace"))

    _KEEP.append(_log)
    llama_cpp.llama_log_set(_log, ctypes.c_void_p(0))

    # Two copies of libggml are in the process on Linux (and macOS): the wheel
    # holds libggml.so and libggml.so.0 as separate files (a wheel cannot hold
    # symlinks). libllama uses libggml.so.0; llama_cpp._ggml.libggml opened
    # libggml.so. Each copy has its own backend registry, so backends must be
    # loaded through the copy libllama uses: dlsym on libllama's handle finds
    # it among libllama's dependencies. On Windows both are the one ggml.dll.
    module_lib = llama_cpp._ggml.libggml
    llama_lib = llama_cpp.llama_cpp._lib
    lib = module_lib if ns.via_ggml_module else llama_lib
    if not hasattr(lib, "ggml_backend_load_all_from_path"):
        lib = module_lib
    _declare(lib)
    if lib is not module_lib:
        _declare(module_lib)
    copies = " ".join(Path(p).name for p in _mapped_libggml()) or "(no /proc)"
    print(f"libggml files mapped: {copies}")
    print(f"before loading: {_counts(lib)}")
    ok = True
    if not ns.no_load:
        t0 = time.perf_counter()
        lib.ggml_backend_load_all_from_path(str(lib_dir).encode())
        print(f"ggml_backend_load_all_from_path took {(time.perf_counter() - t0) * 1000:.0f} ms")
        print(f"after loading: {_counts(lib)}")
        if lib is not module_lib:
            print(f"  (llama_cpp._ggml.libggml sees: {_counts(module_lib)})")
        for line in _registry(lib):
            print(f"  backend: {line}")
        for line in _devices(lib):
            print(f"  device: {line}")
        print(f"ggml log: {''.join(log).strip() or '(nothing)'}")
        print(f"mapped backend libraries: {' '.join(Path(p).name for p in _mapped_backends())}")
        print(f"CPU features: {_cpu_features(lib)}")
        ok = lib.ggml_backend_dev_count() > 0

    if ns.model is not None:
        log.clear()
        t0 = time.perf_counter()
        try:
            llm = llama_cpp.Llama(model_path=str(ns.model), n_ctx=512, verbose=False)
        except Exception as exc:
            print(f"model load FAILED: {type(exc).__name__}: {exc}")
            errors = [
                line.strip() for line in log if "error" in line.lower() or "no backends" in line
            ]
            print(f"ggml/llama errors: {' | '.join(errors) or '(none)'}")
            return 1
        print(f"model loaded in {(time.perf_counter() - t0) * 1000:.0f} ms: {ns.model}")
        prompt = llm.tokenize(b"Hello", add_bos=False)
        out: list[int] = []
        t0 = time.perf_counter()
        for tok in llm.generate(prompt, temp=0.0, top_k=1):
            out.append(tok)
            if len(out) >= ns.tokens:
                break
        dt = time.perf_counter() - t0
        text = llm.detokenize(out).decode("utf-8", "replace")
        print(f"generated {len(out)} tokens in {dt * 1000:.0f} ms: ids={out} text={text!r}")
        print(f"mapped backend libraries: {' '.join(Path(p).name for p in _mapped_backends())}")
        ok = ok and len(out) == ns.tokens
        llm.close()

    if not ns.no_scores:
        print(f"CPU variant scores on this machine (0 = unsupported): {' '.join(_scores(lib_dir))}")
    print("verify: OK" if ok else "verify: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
