# sharing-gateway: `docker build -t sharing-gateway .`, then
# `docker run -p 4000:4000 -e ARCGIS_URL=… -e OCM_URL=… -e ONLYOFFICE_URL=… sharing-gateway`.
# Settings: docs/deploy.md. Not built on the development machines (no Docker
# engine there), so it stays plain and standard.

# Build: all dependencies, the production set of src/ to dist/ (tsconfig.build.json:
# no simulators, soak run or demo, which .dockerignore keeps out of the context too).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies, the compiled code, and the files the
# server reads at run time from the package root (src/server.ts ROOT_DIR):
# schema/*.graphql always, operations/ for GraphiQL's example tabs and the
# persisted-operations manifest.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=4000 \
    LEDGER_DIR=/app/.ledger
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY operations ./operations
# The sharing ledger's embedded SQLite file (DATABASE_URL unset) goes here, writable by the
# user the server runs as; mount a volume on it to keep the ledger across containers. With
# DATABASE_URL set (several instances) nothing is written here.
RUN mkdir -p /app/.ledger && chown node:node /app/.ledger
VOLUME ["/app/.ledger"]
USER node
EXPOSE 4000
# Liveness only (/healthz never looks at a backend); readiness is /readyz.
# No curl in slim images: node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: in-flight operations finish (up to
# OPERATION_DEADLINE_MS, 30 s by default), so give `docker stop` more than that.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
