#!/usr/bin/env bash
# Build the bundle and the .deb, install it with dpkg, run `lokal selftest` (engine and
# window) from the installed command in a clean environment as an ordinary user, read a PDF
# and a Word file through the frozen extraction process, then remove and purge the package
# and check that /opt/lokal is gone while the user's data folder stays. Run by .ci/run (as
# root, with LOKAL_REQUIRE_INSTALL=1: skipping the install is then a failure);
# LOKAL_SKIP_BUNDLE=1 skips it. Options: --bundle-only (build and self-test the bundle).
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
python packaging/build_bundle.py --selftest
QT_QPA_PLATFORM=offscreen dist/lokal/lokal selftest --window
check_extract dist/lokal/lokal
echo "check_deb: bundle built, self-tested (engine and window) and read a PDF and a DOCX in $(elapsed "$t0") s"
[ "${1:-}" = "--bundle-only" ] && exit 0

t1=$(seconds)
rm -f dist/lokal_*.deb
# zstd: 4 s instead of 3-6 min for xz on 2 cores (98 MB instead of 70 MB); releases use xz.
python installer/linux/build_deb.py --compression "${LOKAL_DEB_COMPRESSION:-zstd}"
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

"${sudo[@]}" dpkg -r lokal
for gone in /opt/lokal /usr/bin/lokal /usr/share/applications/lokal.desktop; do
    if [ -e "$gone" ] || [ -L "$gone" ]; then echo "check_deb: $gone is left after dpkg -r"; exit 1; fi
done
"${sudo[@]}" dpkg -P lokal
test -d "$data" || { echo "check_deb: removing the package deleted $data"; exit 1; }
echo "check_deb: dpkg -r and -P removed /opt/lokal and kept the user's data ($data)"
echo "check_deb: total $(elapsed "$t0") s"
