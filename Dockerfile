# syntax=docker/dockerfile:1
# schemagate's image: built with pnpm, shipped as compiled JavaScript with production dependencies only, run by
# plain node as an unprivileged user. `docker compose up` runs it on Postgres (docker-compose.yml).

FROM node:20-slim AS build
RUN npm install -g pnpm@12.4.2 --no-fund --no-audit
WORKDIR /src
# Dependencies first, so that a change of source code reuses the installed layer.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
# the lockfile names patched dependencies (postgres.js: see patches/); the install applies them
COPY patches/ patches/
COPY apps/cli/package.json apps/cli/
COPY apps/server/package.json apps/server/
COPY apps/example/package.json apps/example/
COPY packages/api/package.json packages/api/
COPY packages/codegen/package.json packages/codegen/
COPY packages/console/package.json packages/console/
COPY packages/core/package.json packages/core/
COPY packages/db/package.json packages/db/
COPY packages/eventbridge/package.json packages/eventbridge/
COPY packages/idempotency/package.json packages/idempotency/
COPY packages/schemas-folder/package.json packages/schemas-folder/
COPY packages/sdk/package.json packages/sdk/
RUN pnpm install --frozen-lockfile --ignore-scripts
COPY . .
# The same deployable folder CI starts the server from (deploy/check-app.sh).
RUN deploy/build-app.sh /app

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SCHEMAGATE_DATA=/data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The embedded database and the first admin key live in /data; the server runs as the image's `node` user.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/schemagate.js"]
CMD ["serve", "--no-seed"]
