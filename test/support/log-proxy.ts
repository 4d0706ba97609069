/**
 * A proxy in front of the local Discord-compatible server that stands in for the moderators' log
 * channel: it forwards every request to the server, except messages posted to a channel, which it
 * answers as Discord does (200 with a message object) and records. A post to any channel
 * but `channelId` gets Discord's "Unknown Channel".
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snowflake, type DiscordServer, type JsonObject } from './discord-server.ts';

export interface LogProxy {
  readonly apiUrl: string;
  /** Messages the bot posted to channels, in order. */
  readonly posts: { channelId: string; body: JsonObject }[];
  close(): Promise<void>;
}

/** Forwards everything to the local Discord server, except channel messages, which it answers as Discord does and records. */
export async function startLogProxy(target: DiscordServer, channelId: string): Promise<LogProxy> {
  const posts: { channelId: string; body: JsonObject }[] = [];
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const channel = /^\/api(?:\/v\d+)?\/channels\/(\d+)\/messages$/.exec(path);
    if (req.method === 'POST' && channel) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const send = (status: number, body: unknown): void => {
          const text = JSON.stringify(body);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        };
        if (req.headers.authorization !== `Bot ${target.token}`) return send(401, { message: '401: Unauthorized', code: 0 });
        if (channel[1] !== channelId) return send(404, { message: 'Unknown Channel', code: 10003 });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonObject;
        posts.push({ channelId: channel[1], body });
        send(200, {
          id: snowflake(), type: 0, channel_id: channel[1], author: target.botUser, content: body['content'] ?? '', embeds: body['embeds'] ?? [],
          timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
          attachments: [], components: [], pinned: false, flags: 0,
        });
      });
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    posts,
    close: () => new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    }),
  };
}
