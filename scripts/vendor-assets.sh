#!/usr/bin/env bash
# Installs the front-end packages pinned in package-lock.json from the npm registry and copies
# what the pages use into static/vendor/, so the portal serves every asset itself.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
vendor=static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/bootstrap" "$vendor/fonts"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.rtl.min.css \
   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$vendor/bootstrap/"
cp node_modules/bootstrap/LICENSE "$vendor/bootstrap/LICENSE"
for weight in 400 700; do
  cp "node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-$weight-normal.woff2" "$vendor/fonts/"
done
cp node_modules/@fontsource/noto-sans-arabic/LICENSE "$vendor/fonts/LICENSE-noto-sans-arabic"
echo "static/vendor/ filled from the npm registry"
