# syntax=docker/dockerfile:1
# Two images for the production stack (docker-compose.yml), both running as the unprivileged `node` user:
#   --target web     the web app: Next.js's standalone server and only the modules it traces (small)
#   --target worker  the thumbnail worker, and the one-shot `migrate` and `admin` commands
#                    (TypeScript run by tsx, with the production dependencies)

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

# Production dependencies only, for the worker image.
FROM base AS prod-deps
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# `npm run build` is `next build` (output: "standalone") plus the static files copied beside the
# server. It needs no running service: the env defaults are enough to compile.
FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/lib/generated ./lib/generated
COPY . .
RUN npm run build

FROM base AS worker
ENV NODE_ENV=production
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/lib/generated ./lib/generated
COPY . .
# The code stays root-owned, read-only to the app.
USER node
# glibc malloc arenas: see workers/process-env.ts.
ENV MALLOC_ARENA_MAX=2
# One process (`node --import tsx`, not the `tsx` command, which runs the script in a child), so
# SIGTERM reaches the worker itself and it finishes its jobs before it exits.
CMD ["node", "--import", "tsx", "workers/index.ts"]

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
CMD ["node", "server.js"]
