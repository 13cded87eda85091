#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each, one at a time), starting
# from the committed seeds (fuzz/seeds/<target>), the regression inputs
# (fuzz/regressions/<target>) and, when present, the shared vectors next to the repo.
# Prints executions and coverage (libFuzzer's final cov/ft) per target; exits 1 if any
# target crashed (the input is kept in fuzz/artifacts/<target>/).
#
#   fuzz/run.sh [seconds] [target...]
set -uo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(canonicalize sfv sigv4_request explain keys)
SHARED=../../shared/vectors
[ -d "$SHARED" ] || SHARED=../shared/vectors

# Extra read-only corpora per target (only if the shared vectors are checked out next to the repo).
extra() {
  case $1 in
    canonicalize) echo "$SHARED/jcs/cyberphone" ;;
    sigv4_request) echo "$SHARED/sigv4/aws-signing-test-suite" ;;
  esac
}

# -a: debug assertions and overflow checks, as in the debug builds the tests run.
mkdir -p logs
cargo +nightly fuzz build -a -O >logs/build.log 2>&1 || { cat logs/build.log; exit 2; }
mkdir -p logs
status=0
printf '%-14s %10s %8s %8s %6s  %s\n' target execs exec/s cov ft result
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t" "regressions/$t"
  dirs=("corpus/$t" "seeds/$t" "regressions/$t")
  for d in $(extra "$t"); do [ -d "$d" ] && dirs+=("$d"); done
  dict=(); [ -f "dict/$t.dict" ] && dict=("-dict=dict/$t.dict")
  cargo +nightly fuzz run -a -O "$t" "${dirs[@]}" -- \
    -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 "${dict[@]}" >"logs/$t.log" 2>&1
  rc=$?
  # The last status line (#N ... cov: C ft: F ...) and the run count libFuzzer reports.
  last=$(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "logs/$t.log" | tail -1)
  speed=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "logs/$t.log" | tail -1)
  result=ok
  if [ $rc -ne 0 ]; then
    result="CRASH (rc $rc, see fuzz/logs/$t.log, fuzz/artifacts/$t/)"
    status=1
  fi
  printf '%-14s %10s %8s %8s %6s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $status
