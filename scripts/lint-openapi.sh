#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly's CLI and generates TypeScript types from it with
# openapi-typescript, both pinned in scripts/openapi-lint/package-lock.json and installed with
# `npm ci` into target/openapi-lint/ (again only when the lock file changes). OpenApiLintTest
# runs this on the served document; it also runs by hand:
#
#   scripts/lint-openapi.sh target/openapi/openapi.json
#
# Writes <dir of the document>/redocly-lint.json (Redocly's JSON report) and octopost.d.ts, which
# TypeScript's compiler then checks.
# Exits 1 when Redocly finds an error or openapi-typescript or tsc fails, 3 when the tools cannot be
# installed (no registry). Needs node 20.19+ and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${1:?usage: scripts/lint-openapi.sh <openapi.json>}
doc=$(readlink -f "$doc")
tools=target/openapi-lint
out=$(dirname "$doc")

if ! cmp -s scripts/openapi-lint/package-lock.json "$tools/package-lock.json" || [ ! -x "$tools/node_modules/.bin/redocly" ]; then
  mkdir -p "$tools"
  cp scripts/openapi-lint/package.json scripts/openapi-lint/package-lock.json "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >npm-ci.log 2>&1) \
    || { echo "npm ci failed; see $tools/npm-ci.log" >&2; tail -20 "$tools/npm-ci.log" >&2; exit 3; }
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1

status=0
"$tools/node_modules/.bin/redocly" lint --config scripts/openapi-lint/redocly.yaml --format=json --max-problems=1000 "$doc" \
  >"$out/redocly-lint.json" 2>"$out/redocly-lint.log" || status=1
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`Redocly: ${r.totals.errors} errors, ${r.totals.warnings} warnings`);
  for (const p of r.problems) console.log(`  ${p.severity} ${p.ruleId}: ${p.message} (${(p.location[0] || {}).pointer || ""})`);
' "$out/redocly-lint.json" || { cat "$out/redocly-lint.log" >&2; status=1; }
"$tools/node_modules/.bin/openapi-typescript" "$doc" --output "$out/octopost.d.ts" 2>&1 || status=1
# The generated types must compile as they are.
"$tools/node_modules/.bin/tsc" --noEmit --strict "$out/octopost.d.ts" 2>&1 || status=1
exit $status
