# syntax=docker/dockerfile:1
# One image for the whole production stack (docker-compose.yml): the web app (`next start`),
# the thumbnail worker and the one-shot `migrate` job differ only by their command.

FROM node:20-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# All dependencies, for the build. The postinstall runs `prisma generate`, which needs the
# schema and prisma.config.ts, so they are copied before `npm ci` (lib/generated/prisma).
FROM base AS deps
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

# Production dependencies only, for the runtime stage (tsx and prisma are among them).
FROM base AS prod-deps
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# `next build` needs no running service: the env defaults are enough to compile.
FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/lib/generated ./lib/generated
COPY . .
RUN npm run build && rm -rf .next/cache

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/lib/generated ./lib/generated
COPY . .
COPY --from=build /app/.next ./.next
# The code stays root-owned (read-only to the app); only the data dir and Next's runtime
# cache are writable. tsx keeps its cache in /tmp.
RUN mkdir -p /app/data /app/.next/cache && chown node:node /app/data /app/.next/cache
USER node
EXPOSE 3000
# The web app; compose runs the worker and the migrations from the same image.
CMD ["node_modules/.bin/next", "start", "-H", "0.0.0.0", "-p", "3000"]
