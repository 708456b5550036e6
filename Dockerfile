# medmij-oauth: build with the dev dependencies, run with the production ones.
#   docker build -t medmij-oauth .
#   docker run -p 8080:8080 -e NODE_ENV=development medmij-oauth   # demo mode

FROM node:20-slim AS build
WORKDIR /app
# Manifests first, so that the dependency layer is cached until they change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY gen ./gen
COPY src ./src
RUN npx tsc -p tsconfig.build.json

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Bundled demo data and the contract (found from the directory with package.json).
COPY demo ./demo
COPY proto ./proto
# The lists CLI (bin/medmij-lists.js runs dist/src/cli/ when tsx is absent).
COPY bin ./bin
# The last good copy of each list (LIST_CACHE_DIR) is written here when there is no Redis.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "dist/src/healthcheck.js"]
CMD ["node", "dist/src/main.js"]
