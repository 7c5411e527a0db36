# syntax=docker/dockerfile:1
# Folio fleet image: `docker build -t folio:<version> .`; the Kubernetes manifests in k8s/ run it.
# Development and CI use Node 20; production images may use a newer LTS (BRIEF), hence Node 22
# here. Build and runtime stages use the same base so native addons match the runtime ABI.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: install everything, compile TypeScript, then drop devDependencies ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false

# Manifests first, so the dependency layer is cached until a package.json or the lockfile changes.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY client-sdk/package.json client-sdk/
COPY admin-ui/package.json admin-ui/
RUN npm ci

COPY tsconfig.json ./
COPY migrations/ migrations/
COPY server/ server/
COPY client-sdk/ client-sdk/
COPY admin-ui/ admin-ui/
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# ---- runtime: compiled server, production dependencies, unprivileged user ------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=7410 \
    FOLIO_DATA_DIR=/tmp/folio
WORKDIR /app

# Owned by root and read-only to the process; it runs as `node` (uid 1000).
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist/ server/dist/
COPY --from=build /app/client-sdk/package.json client-sdk/
COPY --from=build /app/client-sdk/dist/ client-sdk/dist/
COPY --from=build /app/admin-ui/package.json admin-ui/
# The built admin UI, served at /admin (server/src/app/admin-ui.ts finds it beside the server).
COPY --from=build /app/admin-ui/dist/ admin-ui/dist/

USER node
EXPOSE 7410
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 7410) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

# `npm run serve` without its build step (the image is already built, and has no compiler).
# The migrate Job overrides the command with server/dist/server/src/cli/migrate.js.
CMD ["node", "server/dist/server/src/main.js"]
