#!/usr/bin/env bash
# Builds the npm package `canonsig`: the wasm module, then its Node (CommonJS) and browser
# (ES module, `await init()`) bindings in wasm/pkg-node and wasm/pkg-web, and a copy of
# the web build in wasm/playground/pkg for the playground page.
# Needs: the wasm32-unknown-unknown target, the wasm-bindgen CLI at the same version as
# Cargo.lock's wasm-bindgen, and node/npm: wasm-opt comes from npm `binaryen` (run `npm ci`
# in wasm/ first, or this script does it), never Debian's binaryen 108, whose output fails
# to load (TOOLCHAIN.md pitfall 8).
set -euo pipefail
WASM_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$WASM_DIR")
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

WASM_OPT="$WASM_DIR/node_modules/.bin/wasm-opt"
if [ ! -x "$WASM_OPT" ]; then
  echo "build.sh: no node_modules yet; running npm ci (binaryen's wasm-opt)"
  (cd "$WASM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
have=$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2 || true)
if [ "$have" != "$want" ]; then
  echo "build.sh: wasm-bindgen CLI is '${have:-missing}', Cargo.lock has $want;" \
       "run: cargo install wasm-bindgen-cli --version =$want" >&2
  exit 1
fi

t0=$(date +%s%N)
# wasm-release keeps strip = false: wasm-opt needs the target_features section.
cargo build -p canonsig-wasm --target wasm32-unknown-unknown --profile wasm-release --locked
WASM=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/canonsig_wasm.wasm

rm -rf "$WASM_DIR/pkg-node" "$WASM_DIR/pkg-web"
wasm-bindgen --target nodejs --out-dir "$WASM_DIR/pkg-node" "$WASM"
wasm-bindgen --target web --out-dir "$WASM_DIR/pkg-web" "$WASM"
for dir in "$WASM_DIR/pkg-node" "$WASM_DIR/pkg-web"; do
  "$WASM_OPT" -Oz "$dir/canonsig_wasm_bg.wasm" -o "$dir/canonsig_wasm_bg.wasm"
done
# The error classes are an ES-module snippet (js/errors.js) that the CommonJS Node build
# require()s; say so explicitly instead of leaving Node to guess the module type.
for snippets in "$WASM_DIR"/pkg-*/snippets; do
  echo '{"type": "module"}' > "$snippets/package.json"
done

# The playground (wasm/playground) loads the web build from ./pkg, next to it, so the
# folder can be served as is by any static file server.
rm -rf "$WASM_DIR/playground/pkg"
cp -r "$WASM_DIR/pkg-web" "$WASM_DIR/playground/pkg"

out="$WASM_DIR/pkg-web/canonsig_wasm_bg.wasm"
raw=$(stat -c %s "$out")
gz=$(gzip -9 -c "$out" | wc -c)
printf 'canonsig wasm: %s bytes raw, %s bytes gzip -9 (%s)\n' "$raw" "$gz" "${out#"$ROOT"/}"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
printf 'build.sh: %d.%03d s\n' $((ms / 1000)) $((ms % 1000))
