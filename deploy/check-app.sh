#!/usr/bin/env bash
# CI's stand-in for the image (Docker does not run here): builds the same deployable folder the Dockerfile copies
# (deploy/build-app.sh), starts the server from it with plain node as an unprivileged user, as the image does,
# and checks that it becomes ready, answers with its admin key, and keeps its data folder private.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
app="$work/app"
data="$work/data"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

deploy/build-app.sh "$app" >/dev/null
du -sh "$app" | awk '{print "deployable folder: " $1}'
if [[ -d "$app/src" ]] || find "$app/node_modules/@schemagate" -path '*/src/*.ts' | grep -q .; then
  echo "the deployable folder holds TypeScript sources" >&2
  exit 1
fi
if [[ -e "$app/node_modules/tsx" || -e "$app/node_modules/vitest" || -e "$app/node_modules/typescript" ]]; then
  echo "the deployable folder holds development dependencies" >&2
  exit 1
fi

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir -p "$data"
run=()
if [[ $(id -u) == 0 ]] && id nobody >/dev/null 2>&1; then
  chown nobody "$data"
  chmod 755 "$work"
  run=(runuser -u nobody --)
fi
"${run[@]}" env -u DATABASE_URL HOME="$data" HOST=127.0.0.1 PORT="$port" SCHEMAGATE_DATA="$data/data" \
  node "$app/bin/schemagate.js" serve --no-seed >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; echo "the server exited" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/server.log"; echo "not ready in 120 s" >&2; exit 1; }
key=$(grep -oE 'sg_[A-Za-z0-9_-]+' "$work/server.log" | head -1)
[[ -n $key ]] || { cat "$work/server.log"; echo "no admin key was printed" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/registries")
[[ $status == 200 ]] || { echo "GET /v1/registries answered $status" >&2; exit 1; }
# the web console comes with the server: its page on a deep link, and the hashed script that page loads
page=$(curl -sf "http://127.0.0.1:$port/console/registries")
script=$(grep -oE '/console/assets/main-[A-Z0-9]+\.js' <<<"$page" | head -1)
[[ -n $script ]] || { echo "/console did not answer the console's page" >&2; exit 1; }
curl -sf -o /dev/null "http://127.0.0.1:$port$script" || { echo "the console's script $script is not served" >&2; exit 1; }
if find "$data/data" -perm -o=r | grep -q .; then
  echo "world-readable files in the data folder:" >&2
  find "$data/data" -perm -o=r >&2
  exit 1
fi
echo "deployable server: ready on plain node as $(${run[@]} id -un), answered with its admin key, served the console"
