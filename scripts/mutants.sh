#!/usr/bin/env bash
# Mutation testing (cargo-mutants) over core's canon and sign modules, outside CI: every
# mutant the tests do not catch is either killed by a new test or explained in the note.
# Slow (one incremental build and test run per mutant; about 1,000 mutants in canon+sign).
#
#   scripts/mutants.sh                         # all of core/src/canon and core/src/sign
#   scripts/mutants.sh core/src/sign/verifier.rs core/src/sign/json.rs   # a subset
#   TESTS="--lib --test sign_policy" scripts/mutants.sh core/src/sign/verifier.rs
#
# Results: mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt, outcomes.json).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=('core/src/canon/**' 'core/src/sign/**')
file_args=()
for f in "${FILES[@]}"; do file_args+=(--file "$f"); done
# The tests that exercise canon and sign; the diff and scheme suites add minutes per mutant
# and cannot catch what they do not call.
# shellcheck disable=SC2206
TESTS=(${TESTS:---lib --test admission --test fixtures --test shared_vectors --test serde_and_value --test robustness --test sign_policy --test sign_fixtures --test sign_rfc9421_keys --test properties --test hostile_regressions --test resource_limits})
# --in-place reuses target/ (a fresh copy would rebuild every dependency) and so runs one
# mutant at a time; do not edit core while it runs. Each file is restored after its mutant.
cargo mutants --in-place -p canonsig "${file_args[@]}" \
  --timeout "${TIMEOUT:-300}" --build-timeout "${BUILD_TIMEOUT:-900}" \
  --output . -- "${TESTS[@]}"
