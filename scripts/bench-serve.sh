#!/usr/bin/env bash
# Measures `rapport serve` on a synthetic handbook (../shared/bench/gen.py):
#  1. rebuild latency: EDITS appends to one article, 0.3 s apart; rapport prints,
#     per rebuild, how long rendering took and how long after the last file
#     event the open pages were told (that includes the 20 ms quiet period).
#  2. a load check: wrk on loopback for 10 s while an article is edited every
#     0.2 s; errors, requests per second, resident memory before and after.
# Usage: bash scripts/bench-serve.sh [ARTICLES] [EDITS]   (defaults: 1000 30)
# Needs: target/release/rapport, python3, wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

articles="${1:-1000}"
edits="${2:-30}"
work="$(mktemp -d /dev/shm/rapport-serve-bench.XXXXXX 2>/dev/null || mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 ../shared/bench/gen.py --n "$articles" --out "$work/corpus" --peers rapport >/dev/null
site="$work/corpus/rapport"
target/release/rapport serve "$site" --port 0 >"$work/log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^Serving at' "$work/log" && break; sleep 0.1; done
url="$(sed -n 's/^Serving at //p' "$work/log")"
article="$(find "$site/content" -name '*.md' ! -name '_index.md' | sort | sed -n 1p)"
section_url="${url}$(basename "$(dirname "$article")")/"
page_url="${url}$(curl -s "$section_url" | grep -o 'href="\.\./[^"]*index.html"' | sed -n 5p | sed 's/href="\.\.\///; s/"$//')"
echo "site: $articles articles; edited: ${article#"$site"/}; page under load: $page_url"

before_edits=$(grep -c 'rendered' "$work/log" || true)
for i in $(seq "$edits"); do
  echo "Edit number $i." >>"$article"
  sleep 0.3
done
sleep 0.5
grep 'rendered' "$work/log" | tail -n +"$((before_edits + 1))" |
  sed -n 's/.*rendered \(.*\) in \([0-9]*\) ms; .* told \([0-9]*\) ms after.*/\1|\2|\3/p' >"$work/rebuilds"
median_max() { sort -n | awk '{ v[NR] = $1 } END { printf "median %d ms, max %d ms", v[int((NR + 1) / 2)], v[NR] }'; }
[ -s "$work/rebuilds" ] || { echo "no rebuild seen"; exit 1; }
echo "rebuilds: $(wc -l <"$work/rebuilds"); pages rendered: $(cut -d'|' -f1 "$work/rebuilds" | sort | uniq -c | tr -s ' ' | paste -sd,)"
echo "render: $(cut -d'|' -f2 "$work/rebuilds" | median_max)"
echo "pages told after the last file event: $(cut -d'|' -f3 "$work/rebuilds" | median_max)"

rss() { awk '/VmRSS/ { print $2 }' "/proc/$server/status"; }
wrk -t2 -c16 -d3s "$page_url" >/dev/null # warm up: threads, buffers
rss_before=$(rss)
(for i in $(seq 50); do echo "Edited under load $i." >>"$article"; sleep 0.2; done) &
editor=$!
wrk -t2 -c16 -d10s "$page_url" >"$work/wrk"
wait "$editor"
sleep 1
rss_after=$(rss)
grep -E 'Requests/sec|Non-2xx|Socket errors|requests in' "$work/wrk"
grep -q -E 'Non-2xx|Socket errors' "$work/wrk" && echo "LOAD CHECK: errors" || echo "load check: no errors"
echo "resident memory: before $rss_before kB, after $rss_after kB ($(awk -v a="$rss_before" -v b="$rss_after" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }'))"
