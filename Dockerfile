# The Skylit MCP server in a container: skylit-server installed from its packed tarball, run as the
# unprivileged `node` user, its embedded store in the /data volume, a health check on /healthz.
#
#   npm ci && npm run pack                      # .tmp/packages/skylit-server-<version>.tgz
#   docker build -t skylit-server .
#   docker run -p 8787:8787 -v skylit-data:/data skylit-server
#   docker run -p 8787:8787 -e DATABASE_URL=postgres://user:pass@db:5432/skylit skylit-server   # any number of replicas
#
# Or, once the package is on the registry, replace the COPY and the tarball path with `skylit-server@<version>`.

FROM node:20-bookworm-slim AS install
# better-sqlite3 compiles from source when no prebuilt binary can be fetched: the toolchain stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY .tmp/packages/skylit-server-*.tgz /tmp/
RUN npm init -y >/dev/null \
 && npm install --omit=dev --no-audit --no-fund /tmp/skylit-server-*.tgz \
 && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    XDG_DATA_HOME=/data
WORKDIR /app
COPY --from=install /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node handles SIGTERM itself (the server closes its store and exits 0).
CMD ["node", "node_modules/skylit-server/server/cli.js"]
