/**
 * The optional health endpoint (HEALTH_PORT): one JSON object for a supervisor or a monitoring
 * probe, on 127.0.0.1 by default. It says whether the gateway is connected, whether the knowledge
 * base is loaded and how many sources it has, and when the bot last received an interaction;
 * nothing about members, servers, questions or settings.
 */
import { createServer, type Server } from 'node:http';
import { Status, type Client } from 'discord.js';
import type { KnowledgeBase } from '../knowledge/live.ts';

export interface HealthReport {
  /** "ready" when connected, else discord.js's state ("connecting", "reconnecting", "disconnected", ...). */
  readonly gateway: string;
  readonly knowledge: { readonly loaded: boolean; readonly sources: number; readonly loadedAt?: string };
  /** ISO time of the last interaction received, or null before the first. */
  readonly lastInteraction: string | null;
}

/** The report from the live client and knowledge base. */
export function healthReport(client: Pick<Client, 'ws'>, knowledge: KnowledgeBase | undefined, lastInteraction: Date | undefined): HealthReport {
  const name = Status[client.ws.status] ?? 'unknown';
  return {
    gateway: name.toLowerCase(),
    knowledge: knowledge ? { loaded: true, sources: knowledge.engine.sources.length, loadedAt: knowledge.loadedAt.toISOString() } : { loaded: false, sources: 0 },
    lastInteraction: lastInteraction?.toISOString() ?? null,
  };
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `report()` as JSON to GET (or HEAD) on any path: 200 when the gateway is ready and the
 * knowledge base loaded, 503 otherwise, so a probe needs no parsing. Other methods get 405.
 * `port` 0 picks a free one (tests).
 */
export async function startHealthServer(port: number, report: () => HealthReport, host = '127.0.0.1'): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let body: HealthReport;
    try {
      body = report();
    } catch {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"report failed"}\n');
      return;
    }
    const ok = body.gateway === 'ready' && body.knowledge.loaded;
    response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : `${JSON.stringify(body)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
