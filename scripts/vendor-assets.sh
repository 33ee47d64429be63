#!/usr/bin/env bash
# Installs the front-end packages pinned in package-lock.json from the npm registry and copies
# what the pages use into static/vendor/, so the portal serves every asset itself.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
vendor=static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/bootstrap" "$vendor/fonts" "$vendor/jsqr"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.rtl.min.css \
   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$vendor/bootstrap/"
cp node_modules/bootstrap/LICENSE "$vendor/bootstrap/LICENSE"
for weight in 400 700; do
  cp "node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-$weight-normal.woff2" "$vendor/fonts/"
done
cp node_modules/@fontsource/noto-sans-arabic/LICENSE "$vendor/fonts/LICENSE-noto-sans-arabic"
# Vazirmatn (Arabic + Latin) as TTF: fpdf2 embeds it in the forum's badges and visa letters.
cp node_modules/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf node_modules/vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf "$vendor/fonts/"
cp node_modules/vazirmatn/OFL.txt "$vendor/fonts/LICENSE-vazirmatn"
# jsQR decodes QR codes from the camera on the forum's check-in page where BarcodeDetector is missing.
cp node_modules/jsqr/dist/jsQR.js "$vendor/jsqr/"
cp node_modules/jsqr/LICENSE "$vendor/jsqr/LICENSE"
echo "static/vendor/ filled from the npm registry"
