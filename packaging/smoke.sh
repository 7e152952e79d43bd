#!/usr/bin/env bash
# Smoke test of the installable bundle: build dist/operator-desk/ if it is missing or older
# than the sources, start it offscreen with --smoke (throwaway database, login window shown
# for a second, quit), check that it said so and exited 0, then print its size.
#
#     bash packaging/smoke.sh        (or: make bundle-smoke)
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/operator-desk
program="$bundle/operator-desk"

if [ ! -x "$program" ] || [ -n "$(find operator_app printing resources packaging pyproject.toml \
     -type f -newer "$program" -not -path '*/__pycache__/*' -print -quit)" ]; then
  echo "=== building the bundle (make bundle)"
  started=$(date +%s)
  make bundle
  echo "bundle built in $(( $(date +%s) - started )) s"
fi

echo "=== $program --smoke (offscreen)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
code=0
QT_QPA_PLATFORM=offscreen timeout 120 "$program" --smoke >"$out" 2>&1 || code=$?
cat "$out"
if [ "$code" -ne 0 ]; then
  echo "bundle smoke FAILED: $program --smoke exited $code" >&2
  exit 1
fi
if ! grep -qx "smoke: login window shown" "$out"; then
  echo "bundle smoke FAILED: exit 0, but no 'smoke: login window shown' line" >&2
  exit 1
fi

size=$(du -sh "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
echo "bundle OK: $bundle is $size in $files files"
