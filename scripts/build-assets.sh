#!/usr/bin/env bash
# Web assets, installed at BUILD time from the npm registry (package.json + package-lock.json,
# `npm ci`) and copied into the Python packages that serve them. Nothing is fetched at run time:
# the pages work with the network cut. The copies are gitignored; `make assets` runs this.
#
# To add assets for another page, add the package to package.json (exact version), run
# `npm install --package-lock-only --ignore-scripts`, and add `copy` lines in a section below.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v npm >/dev/null || { echo "build-assets: npm is missing (Debian: apt-get install nodejs npm)" >&2; exit 1; }

# Install exactly what the lock file says, without running packages' install scripts.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# copy FILE DEST_DIR: one file from node_modules into a served folder (fails when it is missing)
copy() {
  local src="node_modules/$1" dest="$2"
  [[ -f "$src" ]] || { echo "build-assets: $src is missing (package.json and the copy lines disagree)" >&2; exit 1; }
  mkdir -p "$dest"
  cp "$src" "$dest/"
}

# ---------------------------------------------------------------- endpoint: the query page
endpoint=kg/endpoint/static/vendor
rm -rf "$endpoint"
copy @zazuko/yasgui/build/yasgui.min.js  "$endpoint/yasgui"
copy @zazuko/yasgui/build/yasgui.min.css "$endpoint/yasgui"
node -e 'const p=require("./node_modules/@zazuko/yasgui/package.json");console.log(`${p.name} ${p.version} (${p.license})`)' \
  > "$endpoint/yasgui/VERSION"
touch "$endpoint/.built"
echo "build-assets: endpoint page assets in $endpoint ($(cat "$endpoint/yasgui/VERSION"))"
