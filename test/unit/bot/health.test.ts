/** The optional health endpoint: JSON on loopback, nothing about members, off when HEALTH_PORT is unset. */
import { Status } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { healthReport, startHealthServer, type HealthServer } from '../../../src/bot/health.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import type { KnowledgeBase } from '../../../src/knowledge/live.ts';

const knowledge = { engine: { sources: [{}, {}, {}] }, loadedAt: new Date('2026-01-02T03:04:05Z') } as unknown as KnowledgeBase;
let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('health endpoint', () => {
  it('answers JSON on 127.0.0.1: gateway state, knowledge loaded and its source count, last interaction; nothing else', async () => {
    const last = new Date('2026-01-02T04:00:00Z');
    server = await startHealthServer(0, () => healthReport({ ws: { status: Status.Ready } } as never, knowledge, last));
    const response = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ gateway: 'ready', knowledge: { loaded: true, sources: 3, loadedAt: '2026-01-02T03:04:05.000Z' }, lastInteraction: '2026-01-02T04:00:00.000Z' });
    expect(JSON.stringify(body)).not.toMatch(/user|member|guild|token|question/i);
  });

  it('says 503 while the gateway is not ready, and null before any interaction', async () => {
    server = await startHealthServer(0, () => healthReport({ ws: { status: Status.Reconnecting } } as never, knowledge, undefined));
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ gateway: 'reconnecting', lastInteraction: null });
  });

  it('refuses other methods with 405', async () => {
    server = await startHealthServer(0, () => healthReport({ ws: { status: Status.Ready } } as never, knowledge, undefined));
    expect((await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST' })).status).toBe(405);
  });

  it('is off when HEALTH_PORT is unset, on at the port given, and a bad port is a config error', () => {
    expect(loadConfig({}).healthPort).toBeUndefined();
    expect(loadConfig({ HEALTH_PORT: '8080' }).healthPort).toBe(8080);
    for (const bad of ['0', '70000', 'x', '-1']) expect(() => loadConfig({ HEALTH_PORT: bad })).toThrow(ConfigError);
  });
});
