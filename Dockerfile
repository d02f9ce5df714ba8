# MastoWatch: one image for the service (deno task start) and its migrations (deno task migrate).
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_NO_UPDATE_CHECK=1 \
    DATA_DIR=/data \
    PORT=8080

# Dependencies first, so code changes do not invalidate the cached layer.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
RUN deno cache main.ts db/migrate_cli.ts && deno task build \
 && mkdir -p /data && chown deno:deno /data

USER deno
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:' + (Deno.env.get('PORT') ?? '8080') + '/livez'); Deno.exit(r.ok ? 0 : 1)"]
CMD ["deno", "task", "start"]
