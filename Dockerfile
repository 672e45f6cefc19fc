# syntax=docker/dockerfile:1
# Two images for the production stack (docker-compose.yml), both running as the unprivileged `node` user:
#   --target web     the web app: Next.js's standalone server and only the modules it traces
#   --target worker  the thumbnail worker, and the one-shot `migrate` and `admin` commands: esbuild
#                    bundles and only the modules they load (scripts/worker-bundle.ts), run by plain node

# Node 24 (LTS, supported to April 2028): Node 20 reached its end of life in April 2026.
FROM node:24-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# All dependencies, for the build. The postinstall runs `prisma generate`, which needs the
# schema and prisma.config.ts, so they are copied before `npm ci` (lib/generated/prisma).
FROM base AS deps
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

# `npm run build` bundles the worker's programs into dist/worker and runs `next build`
# (output: "standalone") with the static files copied beside the server. It needs no running
# service: the env defaults are enough to compile.
FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/lib/generated ./lib/generated
COPY . .
RUN npm run build

FROM base AS worker
ENV NODE_ENV=production
# The bundle's folder is the working directory: heic-decode is imported by name inside a worker
# thread, which resolves it from there (lib/photos/decode-heic.ts). The migrate command reads
# prisma/migrations from it too. Root-owned, read-only to the app.
COPY --from=build /app/dist/worker ./
COPY prisma/migrations ./prisma/migrations
# What the worker runs in child processes: ffmpeg/ffprobe for videos; native libheif's heif-convert,
# 2-3 times faster than the bundled WebAssembly libheif, which stays the fallback
# (lib/photos/decode-heic.ts); libjxl's djxl for JPEG XL; perl for ExifTool (exiftool-vendored).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg libheif-examples libjxl-tools perl \
 && rm -rf /var/lib/apt/lists/*
USER node
# glibc malloc arenas: see workers/process-env.ts.
ENV MALLOC_ARENA_MAX=2
# node itself is the process (no npm, no shell), so SIGTERM reaches the worker and it finishes
# its jobs before it exits.
CMD ["node", "--enable-source-maps", "index.js"]

# Last, so a plain `docker build .` makes the web image.
FROM base AS web
# HOSTNAME: Docker sets it to the container's id, and the standalone server listens on it.
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0
COPY --from=build /app/.next/standalone ./
# Only Next's runtime cache is writable.
RUN mkdir -p .next/cache && chown node:node .next/cache
USER node
EXPOSE 3000
# The preload gives route handlers the connection's peer address (scripts/peer-address.cjs).
CMD ["node", "--require", "./peer-address.cjs", "server.js"]
