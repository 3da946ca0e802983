# The gateway's production image. Not built on the development machine (no docker there); the
# command it runs is the one `npm run start:prod` runs, which CI starts (.ci/smoke-prod).
#
#   docker build -t channel-gateway .
#   docker run --init -p 4000:4000 --env-file gateway.env channel-gateway
#
# `--init` (or `init: true` in compose) puts tini in front as PID 1, so node gets SIGTERM and
# zombies are reaped. NODE_ENV=production: the gateway refuses to start without every backend URL,
# a postgres:// DATABASE_URL and JWT_SIGNING_KEYS (README, "Operating the gateway").

# --- build: all dependencies, compile to dist/ ---
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The client kit is an npm workspace: npm ci needs its manifest.
COPY packages/client/package.json ./packages/client/package.json
# npm ci applies patches/ to node_modules (postinstall: patch-package).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY mocks ./mocks
RUN npm run build

# --- runtime dependencies only ---
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The client kit is an npm workspace: npm ci needs its manifest.
COPY packages/client/package.json ./packages/client/package.json
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime: non-root, production build, node run directly ---
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Migrations are read from ./migrations under the working directory at start.
COPY migrations ./migrations
# The trusted-documents manifest (the client kit's operations by hash), read at start.
COPY schema/trusted-documents.json ./schema/trusted-documents.json
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:4000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--enable-source-maps", "--max-semi-space-size=32", "dist/src/main.js"]
