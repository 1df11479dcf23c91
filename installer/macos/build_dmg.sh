#!/usr/bin/env bash
# Build, sign, notarise and package Lokal.app as a dmg. Run on an Apple silicon Mac
# (Xcode command line tools), in a virtual environment holding the `metal`
# llama-cpp-python wheel and `pip install .` (packaging/README.md).
#
#   LOKAL_SIGN_IDENTITY="Developer ID Application: NAME (TEAMID)" \
#   LOKAL_NOTARY_PROFILE=lokal-notary installer/macos/build_dmg.sh
#
# Without LOKAL_SIGN_IDENTITY the app is signed ad hoc (runs on this Mac only) and
# notarisation is skipped. See installer/macos/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

identity="${LOKAL_SIGN_IDENTITY:--}"
profile="${LOKAL_NOTARY_PROFILE:-}"
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
export MACOSX_DEPLOYMENT_TARGET=13.0

# 1. The icon: an .iconset from the committed PNGs, then iconutil.
iconset=build/lokal.iconset
rm -rf "$iconset" && mkdir -p "$iconset"
for size in 16 32 128 256 512; do
    cp "resources/icons/lokal-$size.png" "$iconset/icon_${size}x${size}.png"
    double=$((size * 2))
    if [ -f "resources/icons/lokal-$double.png" ]; then
        cp "resources/icons/lokal-$double.png" "$iconset/icon_${size}x${size}@2x.png"
    fi
done
iconutil -c icns "$iconset" -o resources/icons/lokal.icns

# 2. The bundle: dist/Lokal.app (PyInstaller signs ad hoc; we sign again below).
python packaging/build_bundle.py --variant metal
app=dist/Lokal.app

# 3. Sign every Mach-O file inside out, then the app with the hardened runtime.
sign() { codesign --force --timestamp --options runtime --sign "$identity" "$@"; }
while IFS= read -r -d '' file; do
    if file -b "$file" | grep -q "Mach-O"; then sign "$file"; fi
done < <(find "$app/Contents/Frameworks" "$app/Contents/Resources" -type f -print0)
sign --entitlements installer/macos/entitlements.plist "$app/Contents/MacOS/lokal"
sign --entitlements installer/macos/entitlements.plist "$app"
codesign --verify --deep --strict --verbose=2 "$app"

# 4. The signed app must still pass its own self-test (engine process, Metal, harmony).
"$app/Contents/MacOS/lokal" selftest

# 5. The disk image: the app and a link to /Applications.
dmg="dist/Lokal-$version-macos-arm64.dmg"
staging=build/dmg
rm -rf "$staging" "$dmg" && mkdir -p "$staging"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Lokal $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
codesign --force --timestamp --sign "$identity" "$dmg"

# 6. Notarisation (needs a Developer ID identity and a stored notarytool profile).
if [ "$identity" != "-" ] && [ -n "$profile" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
else
    echo "build_dmg: not notarised (set LOKAL_SIGN_IDENTITY and LOKAL_NOTARY_PROFILE)"
fi
echo "build_dmg: $dmg"
