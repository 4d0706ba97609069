import { promises as dnsPromises } from 'node:dns';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IngestError } from '../../../../src/knowledge/ingest/errors.ts';
import type { IngestErrorCode } from '../../../../src/knowledge/ingest/errors.ts';
import { fetchDocument } from '../../../../src/knowledge/ingest/safe-fetch.ts';
import type { FetchDocumentOptions, FetchLike } from '../../../../src/knowledge/ingest/safe-fetch.ts';
import { startFixtureServer } from './fixture-server.ts';
import type { FixtureServer } from './fixture-server.ts';

let server: FixtureServer;

// Tests only ever talk to 127.0.0.1: every host name goes through a fake DNS seam, and the real
// resolver is stubbed to fail loudly if anything reaches it.
const realDns = vi.spyOn(dnsPromises, 'lookup').mockImplementation(() => {
  throw new Error('a test tried to use the real DNS resolver');
});

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
  expect(realDns).not.toHaveBeenCalled();
  realDns.mockRestore();
  expect(server.requests.every((r) => r.remoteAddress === '127.0.0.1')).toBe(true);
});

/** Local fixture fetches must opt in to private addresses: the server is on 127.0.0.1. */
const local: FetchDocumentOptions = { allowPrivate: true };

async function expectIngestError(promise: Promise<unknown>, code: IngestErrorCode): Promise<IngestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    const ingest = error as IngestError;
    expect(ingest.code, ingest.message).toBe(code);
    return ingest;
  }
  throw new Error(`expected an IngestError with code ${code}, but the call succeeded`);
}

/** A DNS seam mapping invented names to addresses; any other name fails the test. */
function fakeDns(table: Record<string, string[]>, calls: string[] = []): (host: string) => Promise<string[]> {
  return async (host) => {
    calls.push(host);
    const answer = table[host];
    if (!answer) throw new Error(`unexpected DNS lookup for ${host}`);
    return answer;
  };
}

/**
 * A fetch seam standing in for the internet: requests for the given public host names are served
 * by the local fixture server (127.0.0.1). Anything else fails the test, so a request that should
 * have been refused can never reach the network.
 */
function routeToLocal(publicHosts: string[], calls: string[]): FetchLike {
  return async (url, init) => {
    calls.push(url);
    const target = new URL(url);
    if (!publicHosts.includes(target.hostname)) throw new Error(`test tried to contact ${target.hostname}`);
    // The pinned dispatcher would connect to the fake public address; the stand-in goes to 127.0.0.1.
    const rest = { ...init };
    delete rest.dispatcher;
    return undiciFetch(new URL(`${target.pathname}${target.search}`, server.baseUrl).href, rest);
  };
}

describe('fetchDocument: successful fetches', () => {
  it('downloads a page and reports its content type and final URL', async () => {
    const result = await fetchDocument(`${server.baseUrl}/council-news`, local);
    expect(result.finalUrl).toBe(`${server.baseUrl}/council-news`);
    expect(result.contentType).toBe('text/html; charset=utf-8');
    expect(result.body.toString('utf8')).toContain('Progress on SEND improvement plan welcomed by inspectors');
  });

  it('follows a relative redirect and reports the final URL', async () => {
    const result = await fetchDocument(`${server.baseUrl}/moved`, local);
    expect(result.finalUrl).toBe(`${server.baseUrl}/council-news`);
  });

  it('follows up to maxRedirects redirects', async () => {
    const result = await fetchDocument(`${server.baseUrl}/chain/5`, { ...local, maxRedirects: 5 });
    expect(result.finalUrl).toBe(`${server.baseUrl}/chain/0`);
  });

  it('decodes gzip content', async () => {
    const result = await fetchDocument(`${server.baseUrl}/gzip`, local);
    expect(result.body.toString('utf8')).toContain('<html');
  });

  it('connects to the address the lookup seam vetted, without asking DNS again (no rebinding gap)', async () => {
    const lookups: string[] = [];
    const result = await fetchDocument(`http://pinned.test:${server.port}/council-news`, {
      ...local,
      lookup: fakeDns({ 'pinned.test': ['127.0.0.1'] }, lookups),
    });
    expect(result.body.length).toBeGreaterThan(1000);
    expect(lookups).toEqual(['pinned.test']);
    const seen = server.requests.at(-1);
    expect(seen?.host).toBe(`pinned.test:${server.port}`);
    expect(seen?.remoteAddress).toBe('127.0.0.1');
  });

  it('lets a public host redirect to another public host', async () => {
    const calls: string[] = [];
    const result = await fetchDocument('http://public.example/redirect-to-public-article', {
      lookup: fakeDns({ 'public.example': ['93.184.215.14'], 'news.example': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'] }),
      fetchImpl: routeToLocal(['public.example', 'news.example'], calls),
    });
    expect(result.finalUrl).toBe('http://news.example/bbc');
    expect(calls).toEqual(['http://public.example/redirect-to-public-article', 'http://news.example/bbc']);
  });
});

describe('fetchDocument: failures', () => {
  it('reports a 404 with the status and the URL', async () => {
    const error = await expectIngestError(fetchDocument(`${server.baseUrl}/missing`, local), 'http-status');
    expect(error.status).toBe(404);
    expect(error.message).toContain('404');
    expect(error.message).toContain(`${server.baseUrl}/missing`);
  });

  it('reports a server error status', async () => {
    const error = await expectIngestError(fetchDocument(`${server.baseUrl}/server-error`, local), 'http-status');
    expect(error.status).toBe(500);
  });

  it('never echoes query strings or credentials in messages', async () => {
    const error = await expectIngestError(
      fetchDocument(`${server.baseUrl}/missing?token=s3cr3t-value&key=abc`, local),
      'http-status',
    );
    expect(error.message).not.toContain('s3cr3t');
    expect(error.message).not.toContain('key=abc');
    const withCredentials = await expectIngestError(fetchDocument('https://admin:hunter2@example.com/', local), 'invalid-url');
    expect(withCredentials.message).not.toContain('hunter2');
  });

  it('times out when the server never answers', async () => {
    const started = Date.now();
    const error = await expectIngestError(fetchDocument(`${server.baseUrl}/hang`, { ...local, timeoutMs: 300 }), 'timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toContain('/hang');
  });

  it('times out when the body never finishes', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/slow-body`, { ...local, timeoutMs: 300 }), 'timeout');
  });

  it('times out when DNS never answers', async () => {
    await expectIngestError(
      fetchDocument('http://slow-dns.example/', { timeoutMs: 200, lookup: () => new Promise<string[]>(() => undefined) }),
      'timeout',
    );
  });

  it('detects a redirect loop', async () => {
    const error = await expectIngestError(fetchDocument(`${server.baseUrl}/loop-a`, local), 'too-many-redirects');
    expect(error.message).toMatch(/loop/);
  });

  it('gives up after maxRedirects redirects', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/chain/6`, { ...local, maxRedirects: 5 }), 'too-many-redirects');
    await expectIngestError(fetchDocument(`${server.baseUrl}/moved`, { ...local, maxRedirects: 0 }), 'too-many-redirects');
  });

  it('treats a redirect without a Location as an HTTP error', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/no-location`, local), 'http-status');
  });

  it('refuses a body over the cap when Content-Length announces it', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/big`, { ...local, maxBytes: 1024 * 1024 }), 'too-large');
  });

  it('aborts a streamed body once it passes the cap', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/big-chunked`, { ...local, maxBytes: 256 * 1024 }), 'too-large');
  });

  it('applies the cap to the decompressed size', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/gzip-bomb`, { ...local, maxBytes: 512 * 1024 }), 'too-large');
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startFixtureServer();
    const url = `${closed.baseUrl}/council-news`;
    await closed.close();
    await expectIngestError(fetchDocument(url, { ...local, timeoutMs: 2000 }), 'network');
  });

  it('reports a name that does not resolve as a network error', async () => {
    await expectIngestError(
      fetchDocument('http://no-such-host.example/', { lookup: () => Promise.reject(new Error('ENOTFOUND')) }),
      'network',
    );
  });

  it.each([
    ['not a url', 'invalid-url'],
    ['www.bbc.co.uk/news', 'invalid-url'],
    ['ftp://files.example/report.pdf', 'unsupported-protocol'],
    ['file:///etc/passwd', 'unsupported-protocol'],
    ['javascript:alert(1)', 'unsupported-protocol'],
    ['data:text/html,<p>hi</p>', 'unsupported-protocol'],
  ] as const)('rejects %s with %s', async (url, code) => {
    await expectIngestError(fetchDocument(url), code);
  });

  it('refuses a redirect to a non-http protocol', async () => {
    await expectIngestError(fetchDocument(`${server.baseUrl}/redirect-to-ftp`, local), 'unsupported-protocol');
  });
});

describe('fetchDocument: private addresses', () => {
  it.each([
    ['loopback', `http://127.0.0.1:1/`],
    ['loopback (other 127/8)', 'http://127.8.9.10/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.20.1.1/'],
    ['private 192.168/16', 'http://192.168.1.1/'],
    ['link-local / cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['unspecified', 'http://0.0.0.0/'],
    ['multicast', 'http://224.0.0.1/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 private (hex form)', 'http://[::ffff:a00:1]/'],
    ['IPv6 unique-local', 'http://[fd12:3456:789a::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['decimal IPv4 loopback', 'http://2130706433/'],
    ['hex IPv4 loopback', 'http://0x7f.0.0.1/'],
  ])('refuses %s (%s) before connecting', async (_label, url) => {
    const before = server.requests.length;
    const error = await expectIngestError(fetchDocument(url, { lookup: fakeDns({}) }), 'private-address');
    expect(error.message).toMatch(/private or internal/);
    expect(server.requests.length).toBe(before);
  });

  it('refuses the local fixture server itself when allowPrivate is false', async () => {
    const before = server.requests.length;
    await expectIngestError(fetchDocument(`${server.baseUrl}/council-news`), 'private-address');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const error = await expectIngestError(
      fetchDocument('https://intranet.example/reports', { lookup: fakeDns({ 'intranet.example': ['10.1.2.3'] }) }),
      'private-address',
    );
    expect(error.message).toContain('https://intranet.example/reports');
  });

  it('refuses a host name when any of its addresses is private', async () => {
    await expectIngestError(
      fetchDocument('http://mixed.example/', { lookup: fakeDns({ 'mixed.example': ['93.184.215.14', '::ffff:192.168.0.1'] }) }),
      'private-address',
    );
  });

  it('refuses a redirect from an allowed host to a host that resolves privately', async () => {
    const calls: string[] = [];
    await expectIngestError(
      fetchDocument('http://public.example/redirect-to-internal', {
        lookup: fakeDns({ 'public.example': ['93.184.215.14'], 'internal.example': ['192.168.1.20'] }),
        fetchImpl: routeToLocal(['public.example'], calls),
      }),
      'private-address',
    );
    expect(calls).toEqual(['http://public.example/redirect-to-internal']);
  });

  it.each([
    ['/redirect-to-metadata', 'link-local'],
    ['/redirect-to-loopback', 'loopback'],
    ['/redirect-to-ipv6-loopback', 'loopback'],
  ])('refuses a redirect from an allowed host to a private IP literal (%s)', async (path, reason) => {
    const calls: string[] = [];
    const error = await expectIngestError(
      fetchDocument(`http://public.example${path}`, {
        lookup: fakeDns({ 'public.example': ['93.184.215.14'] }),
        fetchImpl: routeToLocal(['public.example'], calls),
      }),
      'private-address',
    );
    expect(error.message).toContain(reason);
    expect(calls).toHaveLength(1);
  });
});
