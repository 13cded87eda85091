#!/usr/bin/env bash
# The main job, end to end on the command line: a client and a server serialize "the same"
# payload differently; canonsig turns both into the same signing bytes, signs and verifies
# them, says which byte differs and why when they do not agree, finds how a signer that skipped
# canonicalization serialized its body, and refuses input that two parsers could read
# differently. Needs only cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --locked -p canonsig-cli
canonsig() { ./target/debug/canonsig "$@"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# What a Python client sends (json.dumps default: spaces, ensure_ascii, 1.0)...
printf '{"amount": 10.0, "currency": "EUR", "memo": "caf\\u00e9", "items": [{"sku": "A-1", "qty": 2}]}' >"$tmp/client.json"
# ...and what a Node server re-serializes after parsing it (other key order, raw UTF-8, 10).
printf '{"items":[{"qty":2,"sku":"A-1"}],"memo":"café","currency":"EUR","amount":10}\n' >"$tmp/server.json"

echo "== client body";  cat "$tmp/client.json"; echo
echo "== server body";  cat "$tmp/server.json"
echo "== canonical bytes (RFC 8785), client then server"
canonsig canon "$tmp/client.json" | tee "$tmp/client.canon"; echo
canonsig canon "$tmp/server.json" | tee "$tmp/server.canon"; echo
if cmp -s "$tmp/client.canon" "$tmp/server.canon"; then
  echo "-> identical: $(sha256sum <"$tmp/client.canon" | cut -c1-16)... is what both sides sign"
else
  echo "-> DIFFERENT (this is a bug)"; exit 1
fi

echo "== the client signs (Ed25519, key made here; the private key stays in a 0600 file)"
canonsig keygen --alg ed25519 --out "$tmp/client.key" --public-out "$tmp/client.pub"
canonsig sign --key-file "$tmp/client.key" --header --created now --nonce random "$tmp/client.json" | tee "$tmp/sig"

echo "== the server verifies its re-serialized body with the client's public key"
canonsig verify --key-file "$tmp/client.pub" --signature-file "$tmp/sig" "$tmp/server.json"

echo "== a value that really changed (amount 10 -> 11): exit 1, and the hash of what the verifier signed"
sed 's/"amount":10/"amount":11/' "$tmp/server.json" >"$tmp/tampered.json"
canonsig verify --key-file "$tmp/client.pub" --signature-file "$tmp/sig" --show-signed-bytes "$tmp/tampered.json" || echo "(exit $?)"

echo "== a server that signs the body as received (no canonicalization) fails: which byte differs, and why"
canonsig explain "$tmp/server.json" "$tmp/client.json" || echo "(exit $?: different)"

echo "== the same, told apart from a value that really changed"
canonsig explain "$tmp/server.json" "$tmp/tampered.json" || echo "(exit $?: different)"

echo "== forensics: the client HMAC-signed json.dumps(body, sort_keys=True) but its HTTP library sent json.dumps(body)"
printf 'demo-webhook-secret' >"$tmp/hmac.key"
sig=$(python3 - "$tmp/client.json" <<'PY' 2>/dev/null || true
import hashlib, hmac, json, sys
body = json.load(open(sys.argv[1], encoding="utf-8"))
print(hmac.new(b"demo-webhook-secret", json.dumps(body, sort_keys=True).encode(), hashlib.sha256).hexdigest())
PY
)
if [ -n "$sig" ]; then
  canonsig explain "$tmp/client.json" --signature "$sig" --alg hmac-sha256 --secret-encoding raw --key-file "$tmp/hmac.key" || echo "(exit $?)"
else
  echo "(python3 not found: forensics step skipped)"
fi

echo "== the bytes a legacy Python server signs (profile python-sorted)"
canonsig canon --profile python-sorted "$tmp/server.json"; echo

echo "== is the server body already canonical? (exit 1 = no)"
canonsig canon --check "$tmp/server.json" || true

echo "== input that parsers disagree on is refused, with code, byte offset and JSON path"
printf '{"user":"alice","role":"reader","role":"admin"}' >"$tmp/dup.json"
canonsig canon "$tmp/dup.json" || echo "(exit $?)"
printf '{"id": 9007199254740993}' | canonsig canon - || echo "(exit $?)"
