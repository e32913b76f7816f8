#!/usr/bin/env bash
# Fails when the page, as served, is larger than the budget once gzipped.
#
#   scripts/size-check.sh [SITE_DIR] [BUDGET_BYTES]     (defaults: dist, 180224 = 176 KiB)
#
# SITE_DIR is what is hosted: dist/, the minified site that `make build` writes (www/, the
# readable sources with the core in www/pkg, can be measured too). Counts every file under it
# that a browser may fetch (HTML, JS, CSS, the wasm, the example text, images, fonts...), each
# compressed on its own with `gzip -9` as a static host would serve it; TypeScript declarations
# and source maps are not fetched and are left out. Run `make build` first.
set -euo pipefail
www="${1:-dist}"
budget="${2:-180224}"
if [ ! -f "$www/pkg/annotator_bg.wasm" ]; then
  echo "size-check: $www/pkg/annotator_bg.wasm is missing: run 'make build' first" >&2
  exit 2
fi
total=0
raw_total=0
rows=""
while IFS= read -r -d '' file; do
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total=$((total + gz))
  raw_total=$((raw_total + raw))
  rows+=$(printf '%9d %9d  %s' "$gz" "$raw" "${file#"$www"/}")$'\n'
done < <(find "$www" -type f ! -name '*.d.ts' ! -name '*.map' ! -name '.*' -print0 | sort -z)
printf '%9s %9s  %s\n' "gzip -9" "raw" "file"
printf '%s' "$rows" | sort -rn
printf '%9d %9d  total (budget %d bytes = %d KiB gzipped)\n' "$total" "$raw_total" "$budget" $((budget / 1024))
if [ "$total" -gt "$budget" ]; then
  echo "size-check: FAILED: $total bytes gzipped is over the budget by $((total - budget)) bytes" >&2
  exit 1
fi
echo "size-check: ok, $((budget - total)) bytes to spare"
