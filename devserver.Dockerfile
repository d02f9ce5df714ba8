# The development Mastodon server, for the compose demo (docker compose --profile demo up).
# Never for production: it answers with fixed development credentials.
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_NO_UPDATE_CHECK=1 \
    DEVSERVER_HOST=0.0.0.0 \
    DEVSERVER_PORT=3000 \
    DEVSERVER_DATA_DIR=/data/devserver

COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
RUN deno cache devserver/main.ts \
 && mkdir -p /data && chown deno:deno /data

USER deno
VOLUME ["/data"]
EXPOSE 3000
CMD ["deno", "task", "devserver"]
