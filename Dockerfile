# MastoWatch: one image for the service (deno task start) and its tasks (deno task migrate,
# setup, rescan, rules). The development Mastodon server, the benchmarks and the tests stay out
# (.dockerignore); the compose demo builds its development server from devserver.Dockerfile.
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_NO_UPDATE_CHECK=1 \
    DATA_DIR=/data \
    PORT=8080

# Dependencies first, so code changes do not invalidate the cached layer.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
# The rules' evaluation worker is started with new Worker(), outside main.ts's import graph.
RUN deno cache main.ts db/migrate_cli.ts rules/offthread/worker.ts scripts/setup.ts scripts/rescan.ts scripts/rules.ts \
 && deno task build \
 && mkdir -p /data && chown deno:deno /data

USER deno
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:' + (Deno.env.get('PORT') ?? '8080') + '/livez'); Deno.exit(r.ok ? 0 : 1)"]
CMD ["deno", "task", "start"]
