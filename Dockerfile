# The SEND inspections bot. See README, "Running it for good".
#   docker build -t send-bot .
#   docker run -d --name send-bot --env-file .env -v send-bot-data:/data --restart unless-stopped send-bot
# The first run copies the project's knowledge folder into the volume; after that, /data/knowledge
# is the bot's own (kb add, /sources add write there).
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/data/knowledge \
    AUDIT_FILE=/data/data/audit.jsonl \
    REVIEW_FILE=/data/data/review-queue.jsonl

WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .

# The data volume: the knowledge folder and data/, owned by the unprivileged "node" user of the image.
RUN mkdir -p /data/knowledge /data/data && cp -r knowledge/. /data/knowledge/ && chown -R node:node /data
VOLUME ["/data"]
USER node

# Node's compile cache (see src/start.js) on the data volume.
ENV NODE_COMPILE_CACHE=/data/compile-cache
# The same as `npm start` (package.json "start"), in exec form: node itself gets docker stop's
# SIGTERM and the bot shuts down cleanly.
CMD ["node", "--max-semi-space-size=1", "--v8-pool-size=1", "src/start.js"]
