#!/usr/bin/env bash
# Mutation testing (cargo-mutants) over core's canon and sign modules, outside CI: every
# mutant the tests do not catch is either killed by a new test or explained
# (docs/mutation-testing.md lists the explained survivors).
#
#   scripts/mutants.sh                          # every file of core/src/canon and core/src/sign
#   scripts/mutants.sh core/src/sign/der.rs     # some files
#
# Two phases per file, so the ~1,200 mutants take about 1.5 hours (one job on 2 cores):
#   1. every mutant against a few fast test binaries (fixtures and policy tests), which
#      catch most of them in well under a second;
#   2. `--iterate`: only the mutants phase 1 missed, against the whole canon or sign suite
#      plus the unit tests.
# Results: mutants.out/<module>-<file>/mutants.out/{caught,missed,timeout,unviable}.txt,
# summed up at the end. Exit 0 whatever was missed: reading the list is the point.
#
# Environment: TIMEOUT and BUILD_TIMEOUT (seconds); CANONSIG_REDIS_URL: when set,
# sign/redis_store.rs is mutated too, against that server (scripts/redis-test-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants

# No debug info and, when present, the mold linker: the build is most of each mutant's time.
export CARGO_PROFILE_DEV_DEBUG=0
if command -v mold >/dev/null && command -v clang >/dev/null; then
  export RUSTFLAGS="${RUSTFLAGS:-} -C linker=clang -C link-arg=-fuse-ld=mold"
fi

fast_tests() {
  case "$1" in
  core/src/canon/*) echo "--test=fixtures --test=admission --test=shared_vectors" ;;
  core/src/sign/redis_store.rs) echo "--features=redis --test=redis_store" ;;
  *) echo "--test=sign_fixtures --test=sign_policy --test=sign_rfc9421_keys --test=key_edges" ;;
  esac
}
full_tests() {
  case "$1" in
  core/src/canon/*)
    echo "--lib --test=fixtures --test=admission --test=shared_vectors --test=serde_and_value" \
      "--test=hostile_regressions --test=robustness --test=resource_limits --test=properties" ;;
  core/src/sign/redis_store.rs) echo "--features=redis --lib --test=redis_store" ;;
  *)
    echo "--lib --test=sign_fixtures --test=sign_policy --test=sign_rfc9421_keys --test=key_edges" \
      "--test=verification_safety --test=http_rfc9421 --test=hostile_regressions --test=properties" ;;
  esac
}

FILES=("$@")
if [ ${#FILES[@]} -eq 0 ]; then
  for f in core/src/canon/*.rs core/src/sign/*.rs; do
    [ "$f" = core/src/sign/redis_store.rs ] && [ -z "${CANONSIG_REDIS_URL:-}" ] && continue
    FILES+=("$f")
  done
fi

for f in "${FILES[@]}"; do
  out="mutants.out/$(basename "$(dirname "$f")")-$(basename "$f" .rs)"
  mkdir -p "$out"
  for phase in 1 2; do
    if [ $phase = 1 ]; then tests=$(fast_tests "$f"); iterate=(); else tests=$(full_tests "$f"); iterate=(--iterate); fi
    echo "== $f phase $phase"
    # --in-place reuses target/ (a scratch copy would rebuild every dependency); each file
    # is restored after its mutant, so do not edit core while this runs. The scaling test
    # (seconds, and timing-based) is skipped: resource_limits covers the same paths.
    # Given as cargo args (not test args) so the build step compiles only these test
    # binaries, not all 25: that alone makes a mutant 4x cheaper.
    cargs=()
    for t in $tests; do cargs+=("--cargo-arg=$t"); done
    cargo mutants --in-place -p canonsig --file "$f" "${iterate[@]}" \
      --timeout "${TIMEOUT:-120}" --build-timeout "${BUILD_TIMEOUT:-600}" --output "$out" \
      "${cargs[@]}" -- -- --skip large_inputs_stay_linear_and_bounded || true
  done
done

echo "== summary (after phase 2)"
for d in mutants.out/*/mutants.out; do
  n() { [ -f "$d/$1" ] && wc -l <"$d/$1" || echo 0; }
  printf '%-28s caught %4s (earlier %4s)  missed %3s  timeout %3s  unviable %3s\n' \
    "$(basename "$(dirname "$d")")" "$(n caught.txt)" "$(n previously_caught.txt)" \
    "$(n missed.txt)" "$(n timeout.txt)" "$(n unviable.txt)"
done
cat mutants.out/*/mutants.out/missed.txt 2>/dev/null || true
