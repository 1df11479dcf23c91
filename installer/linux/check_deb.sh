#!/usr/bin/env bash
# Build the bundle and the .deb, install it with dpkg, run `lokal selftest` from the
# installed command in a clean environment, then remove and purge the package and check
# that /opt/lokal is gone while the user's data folder stays. Run by .ci/run (as root);
# LOKAL_SKIP_BUNDLE=1 skips it. Options: --bundle-only (build and self-test the bundle).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(seconds)"; }

t0=$(seconds)
python packaging/build_bundle.py --selftest
echo "check_deb: bundle built and self-tested in $(elapsed "$t0") s"
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
        exit 0
    fi
fi

t2=$(seconds)
if ! "${sudo[@]}" dpkg -i "$deb"; then
    # Depends not yet installed: let apt bring them in and finish the configuration.
    "${sudo[@]}" apt-get install -f -y -qq --no-install-recommends
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# A clean environment, another working folder: only what the package installed is used.
(cd / && env -i PATH=/usr/bin:/bin HOME="$home" lokal selftest)
data="$home/.local/share/Lokal"
test -f "$data/logs/lokal.log" || { echo "check_deb: no log in $data"; exit 1; }
echo "check_deb: installed and self-tested in $(elapsed "$t2") s"

"${sudo[@]}" dpkg -r lokal
for gone in /opt/lokal /usr/bin/lokal /usr/share/applications/lokal.desktop; do
    if [ -e "$gone" ] || [ -L "$gone" ]; then echo "check_deb: $gone is left after dpkg -r"; exit 1; fi
done
"${sudo[@]}" dpkg -P lokal
test -d "$data" || { echo "check_deb: removing the package deleted $data"; exit 1; }
echo "check_deb: dpkg -r and -P removed /opt/lokal and kept the user's data ($data)"
echo "check_deb: total $(elapsed "$t0") s"
