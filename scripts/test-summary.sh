#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 into "N passed, N failed[, N skipped]"; $2 adds failed checks
# that are not tests (formatting).
dir=${1:?usage: test-summary.sh RESULTS_DIR [EXTRA_FAILURES]}
passed=0 failed=${2:-0} skipped=0 files=0
for trx in "$dir"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # xunit v3 skips show as total - executed; notExecuted stays 0.
  skipped=$((skipped + $(get total) - $(get executed)))
done
[ "$files" -gt 0 ] || failed=$((failed + 1))
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
