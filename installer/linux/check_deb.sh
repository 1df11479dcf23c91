#!/usr/bin/env bash
# Build the bundle from the portable llama.cpp wheel (cached outside the checkout, built only
# when missing) and the .deb, install it with dpkg, run `lokal selftest` (engine and window)
# from the installed command in a clean environment as an ordinary user, read a PDF and a
# Word file through the frozen extraction process, run the self-test again on emulated older
# processors (qemu-user: Haswell, and Nehalem, the oldest the package supports), install a
# newer copy over it (the data folder and models stay; "Updated to X.Y.Z" once), then remove
# and purge the package and check that /opt/lokal is gone while the user's data folder stays.
# Run by .ci/run (as root, with LOKAL_REQUIRE_INSTALL=1: skipping the install or the
# emulation is then a failure); LOKAL_SKIP_BUNDLE=1 skips it. Options: --bundle-only (build
# and self-test the bundle).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(seconds)"; }

# A two-page PDF and a Word file, written by the test fixtures with the build's Python.
documents=$(mktemp -d)
trap 'rm -rf "$documents"' EXIT
chmod 755 "$documents"
python - "$documents" <<'PY'
import sys
from pathlib import Path

from tests.fixtures.make_documents import write_docx, write_pdf

folder = Path(sys.argv[1])
write_pdf(folder / "minutes.pdf", [["Opening remarks."], ["The ferry fare rises to 7 euros."]])
write_docx(folder / "report.docx")
PY
chmod 644 "$documents"/*

# `lokal extract` as a dropped file is read: in the spawned extraction process, which in a
# frozen app works only through freeze_support, with pypdfium2's library and python-docx's
# template found inside the bundle.
check_extract() {
    local out
    out=$("$@" extract "$documents/minutes.pdf" --json)
    grep -q '"start": 2, "end": 2, "heading": null, "text": "The ferry fare rises' <<<"$out" ||
        { echo "check_deb: extract minutes.pdf gave: $out"; exit 1; }
    out=$("$@" extract "$documents/report.docx" --json)
    grep -q '41 avocets' <<<"$out" || { echo "check_deb: extract report.docx gave: $out"; exit 1; }
}

t0=$(seconds)
# The portable llama.cpp (every CPU variant, loaded at run time), never the build machine's
# own: built once per llama-cpp-python version and flags into ~/.cache/lokal/portable-wheels
# (about 40 min on 2 cores the first time), reused afterwards.
python packaging/build_llama_cpp.py --variant cpu --cached --quiet
wheel=$(python packaging/build_llama_cpp.py --variant cpu --print-cached)
echo "check_deb: portable llama.cpp wheel $wheel ready in $(elapsed "$t0") s"

# A separate environment for the bundle: the tests' environment keeps pip's build.
t_env=$(seconds)
bundle_env=build/bundle-venv
rm -rf "$bundle_env"
python -m venv "$bundle_env"
"$bundle_env/bin/python" -m pip install -q "$wheel" .
echo "check_deb: bundle environment with the portable wheel made in $(elapsed "$t_env") s"

"$bundle_env/bin/python" packaging/build_bundle.py --variant cpu --selftest
QT_QPA_PLATFORM=offscreen dist/lokal/lokal selftest --window
check_extract dist/lokal/lokal
echo "check_deb: bundle built, self-tested (engine and window) and read a PDF and a DOCX in $(elapsed "$t0") s"
[ "${1:-}" = "--bundle-only" ] && exit 0

t1=$(seconds)
rm -f dist/lokal_*.deb
# zstd: 4 s instead of 3-6 min for xz on 2 cores (98 MB instead of 70 MB); releases use xz.
built=$(python installer/linux/build_deb.py --compression "${LOKAL_DEB_COMPRESSION:-zstd}")
echo "$built"
depends=$(sed -n 's/^Depends: //p' <<<"$built")
deb=$(ls dist/lokal_*.deb)
echo "check_deb: $deb built in $(elapsed "$t1") s"

sudo=()
if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then
        sudo=(sudo -n)
    else
        echo "check_deb: not root and no password-less sudo: the install test is skipped"
        [ "${LOKAL_REQUIRE_INSTALL:-0}" = 1 ] && exit 1
        exit 0
    fi
fi

t2=$(seconds)
if ! "${sudo[@]}" dpkg -i "$deb"; then
    # Depends not yet installed: let apt bring them in and finish the configuration.
    "${sudo[@]}" apt-get install -f -y -qq --no-install-recommends
fi
home=$(mktemp -d)
trap 'rm -rf "$home" "$documents"' EXIT
# A clean environment, another working folder, and an ordinary user when we are root: only
# what the package installed is used, and /opt/lokal must work without write access.
as_user=()
who=$(id -un)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    chown nobody "$home"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    who=nobody
fi
installed() {
    (cd / && env -i PATH=/usr/bin:/bin HOME="$home" QT_QPA_PLATFORM=offscreen "${as_user[@]}" lokal "$@")
}
installed selftest
installed selftest --window
check_extract installed
data="$home/.local/share/Lokal"
test -f "$data/logs/lokal.log" || { echo "check_deb: no log in $data"; exit 1; }
grep -q "Using the CPU" "$data/logs/lokal.log" ||
    { echo "check_deb: the log does not say which backend runs the model"; exit 1; }
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/lokal.desktop
fi
if [ -f /usr/share/mime/globs2 ]; then
    grep -q 'application/x-gguf:\*\.gguf' /usr/share/mime/globs2 ||
        { echo "check_deb: .gguf is not registered as application/x-gguf"; exit 1; }
fi
echo "check_deb: installed, self-tested as $who and read documents in $(elapsed "$t2") s"

# The same package on older processors, emulated by qemu-user (which emulates AVX2 but not
# AVX-512). It emulates only the process it starts, so the engine and extraction processes
# are started through it too (LOKAL_CHILD_LAUNCHER, app/core/child_launcher.py).
# `lokal doctor` names the llama.cpp CPU variant ggml chose in the (emulated) engine.
emulated() {  # CPU model, then lokal's arguments; qemu's own warnings go to $qemu_log
    local cpu=$1
    shift
    (cd / && env -i PATH=/usr/bin:/bin HOME="$home" QT_QPA_PLATFORM=offscreen \
        LOKAL_CHILD_LAUNCHER="qemu-x86_64 -cpu $cpu" "${as_user[@]}" \
        qemu-x86_64 -cpu "$cpu" /opt/lokal/lokal "$@") 2>>"$qemu_log"
}
if command -v qemu-x86_64 >/dev/null && [ "$(uname -m)" = x86_64 ]; then
    qemu_log=$(mktemp)
    chmod 666 "$qemu_log"
    # Haswell: AVX2, no AVX-512. Nehalem: SSE4.2 (x86-64-v2), the oldest the package supports
    # (the bundled Qt and NumPy need it; llama.cpp itself would run on plain x86-64).
    for pair in Haswell:haswell Nehalem:sse42; do
        cpu=${pair%%:*}
        expected=${pair#*:}
        t3=$(seconds)
        if ! emulated "$cpu" selftest; then
            tail -n 20 "$qemu_log"
            echo "check_deb: selftest under emulated $cpu: FAILED"
            exit 1
        fi
        report=$(emulated "$cpu" doctor --json) ||
            { tail -n 20 "$qemu_log"; echo "check_deb: lokal doctor under emulated $cpu failed"; exit 1; }
        variant=$(python -c 'import json, sys; print(json.load(sys.stdin)["llama_cpp"]["cpu_variant"])' <<<"$report")
        if [ "$variant" != "$expected" ]; then
            echo "check_deb: under emulated $cpu llama.cpp chose the '$variant' CPU variant, not '$expected'"
            exit 1
        fi
        check_extract emulated "$cpu"
        echo "check_deb: selftest under emulated $cpu: ok (lokal doctor: CPU variant $variant; documents read; $(elapsed "$t3") s)"
    done
    rm -f "$qemu_log"
else
    echo "check_deb: qemu-x86_64 (Debian: qemu-user) is not installed: the emulated CPUs are skipped"
    [ "${LOKAL_REQUIRE_INSTALL:-0}" = 1 ] && exit 1
fi

# Upgrade: a newer package (this bundle, its version bumped) installed over this one keeps
# the data folder and the models, and the app says "Updated to <version>" once.
t4=$(seconds)
version=$(dpkg-deb --field "$deb" Version)
newer=$(python -c 'import sys; v = sys.argv[1].split("."); v[-1] = str(int(v[-1]) + 1); print(".".join(v))' "$version")
newer_dir=$(mktemp -d)
python installer/linux/build_deb.py --compression zstd --version "$newer" --depends "$depends" \
    --out "$newer_dir" --work build/deb-newer >/dev/null
mkdir -p "$data/models"
python - "$data/models/tiny-gpt-oss.gguf" <<'PY'
import sys
from pathlib import Path

from app.core.synthetic import build_gptoss_gguf

build_gptoss_gguf(Path(sys.argv[1]))
PY
[ -n "${as_user[*]}" ] && chown -R nobody "$data"
# The models, byte for byte, and every other file of the data folder (which the new version
# may update, like its log) by name.
snapshot() {
    (cd "$data" && find models -type f -print0 | sort -z | xargs -0 sha256sum &&
        find . -type f ! -path './models/*' ! -path './logs/*' | sort)
}
before=$(snapshot)
"${sudo[@]}" dpkg -i "$newer_dir/lokal_${newer}_"*.deb
first=$(installed selftest 2>&1) || { echo "$first"; echo "check_deb: selftest after the upgrade failed"; exit 1; }
second=$(installed selftest 2>&1) || { echo "$second"; exit 1; }
grep -q "Updated to $newer" <<<"$first" ||
    { echo "check_deb: the first start after the upgrade did not say \"Updated to $newer\": $first"; exit 1; }
if grep -q "Updated to" <<<"$second"; then echo "check_deb: \"Updated to\" was said twice"; exit 1; fi
missing=$(comm -23 <(sort <<<"$before") <(snapshot | sort))
[ -z "$missing" ] || { echo "check_deb: after the upgrade the data folder lacks or changed: $missing"; exit 1; }
rm -rf "$newer_dir"
echo "check_deb: $version -> $newer kept the data folder and the model, said \"Updated to $newer\" once ($(elapsed "$t4") s)"

"${sudo[@]}" dpkg -r lokal
for gone in /opt/lokal /usr/bin/lokal /usr/share/applications/lokal.desktop; do
    if [ -e "$gone" ] || [ -L "$gone" ]; then echo "check_deb: $gone is left after dpkg -r"; exit 1; fi
done
"${sudo[@]}" dpkg -P lokal
test -d "$data" || { echo "check_deb: removing the package deleted $data"; exit 1; }
echo "check_deb: dpkg -r and -P removed /opt/lokal and kept the user's data ($data)"
echo "check_deb: total $(elapsed "$t0") s"
