#!/usr/bin/env bash
# Writes the deployable server into OUT: the compiled CLI and server with their production dependencies only
# (`pnpm deploy --prod`), runnable as `node OUT/bin/schemagate.js serve`. The Dockerfile copies exactly this
# folder into its runtime image, and CI starts the server from it (deploy/check-app.sh).
set -euo pipefail
out=${1:?usage: deploy/build-app.sh OUT}
cd "$(dirname "$0")/.."
pnpm exec turbo run build --filter=@schemagate/cli --output-logs=errors-only
rm -rf "$out"
pnpm --filter @schemagate/cli deploy --prod "$out"
# What the runtime needs is bin/, dist/ and node_modules/; the lockfile copies are only the install's record.
rm -f "$out/pnpm-lock.yaml" "$out/pnpm-workspace.yaml"
