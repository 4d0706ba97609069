/**
 * Downloads a document a moderator pointed at, defensively.
 *
 * - Only http: and https: URLs, without embedded credentials.
 * - Every host (the first and each redirect target) is resolved and every address it resolves to
 *   is checked against the address policy before any connection is made; private, loopback,
 *   link-local, unique-local, CGNAT, multicast, unspecified and other non-public ranges are
 *   refused unless `allowPrivate` is set.
 * - The connection is pinned to the addresses that were checked: the undici Agent used for the
 *   request gets a `connect.lookup` that answers from the vetted set instead of asking DNS again,
 *   so a DNS-rebinding answer between "check" and "connect" cannot slip through. (A custom
 *   `fetchImpl` that ignores `init.dispatcher` loses that pinning, but the per-hop check still runs.)
 * - Redirects are followed by hand (so each hop is re-checked), counted, and loops are detected.
 * - The body is streamed and abandoned as soon as it passes `maxBytes` (after decompression).
 * - One timeout covers everything: DNS, connecting, redirects and reading the body.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import type { RequestInit, Response } from 'undici';
import { blockedAddressReason } from './address-policy.ts';
import { IngestError, describeUrl, findIngestError } from './errors.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchDocumentOptions {
  /** Whole-fetch deadline in milliseconds (DNS, redirects and body). Default 10 000. */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (after content decoding). Default 5 MiB. */
  maxBytes?: number;
  /** Most redirects followed. Default 5. */
  maxRedirects?: number;
  /** Allow private/loopback/link-local/... addresses. Default false; tests and dev only. */
  allowPrivate?: boolean;
  /** DNS seam: resolves a host name to IP addresses. Default: the system resolver. */
  lookup?: (hostname: string) => Promise<string[]>;
  /** fetch seam. Receives `init.dispatcher` (the pinned undici Agent); default undici's fetch. */
  fetchImpl?: FetchLike;
  /** User-Agent header sent with requests. */
  userAgent?: string;
}

export interface FetchedDocument {
  /** URL of the document after redirects. */
  finalUrl: string;
  /** Content-Type header as sent by the server ('' when absent). */
  contentType: string;
  body: Buffer;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_USER_AGENT = 'send-inspections-bot/0.1 (knowledge import; moderator-requested)';
const ACCEPT = 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchDocument(url: string, options: FetchDocumentOptions = {}): Promise<FetchedDocument> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const allowPrivate = options.allowPrivate ?? false;
  const lookup = options.lookup ?? systemLookup;
  const fetchImpl = options.fetchImpl ?? (undiciFetch as FetchLike);

  let current = parseHttpUrl(url);
  const originalUrl = current;

  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new IngestError('timeout', `Gave up on ${describeUrl(originalUrl)}: no complete answer within ${formatSeconds(timeoutMs)}.`),
    );
  }, timeoutMs);
  const { signal } = controller;

  // Host name -> the addresses that were checked. The Agent's connect-time lookup answers from here.
  const vetted = new Map<string, string[]>();

  const vetHost = async (target: URL): Promise<void> => {
    const host = stripBrackets(target.hostname);
    if (isIP(host)) {
      checkAddresses(target, [host], allowPrivate);
      return;
    }
    if (vetted.has(host)) return;
    const addresses = await withAbort(resolveHost(lookup, host, target), signal);
    checkAddresses(target, addresses, allowPrivate);
    vetted.set(host, addresses);
  };

  const pinnedLookup = (
    hostname: string,
    lookupOptions: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const host = hostname.toLowerCase();
    const known = vetted.get(host);
    const pending = known
      ? Promise.resolve(known)
      : resolveHost(lookup, host, new URL(`http://${host}/`)).then((addresses) => {
          checkAddresses(new URL(`http://${host}/`), addresses, allowPrivate);
          vetted.set(host, addresses);
          return addresses;
        });
    pending.then(
      (addresses) => {
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const usable = addresses.filter((a) => !family || isIP(a) === family);
        const first = usable[0];
        if (first === undefined) {
          const err: NodeJS.ErrnoException = new Error(`no usable address for ${host}`);
          err.code = 'ENOTFOUND';
          callback(err, '');
          return;
        }
        if (lookupOptions.all) callback(null, usable.map((address) => ({ address, family: isIP(address) })));
        else callback(null, first, isIP(first));
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), ''),
    );
  };

  const agent = new Agent({
    connect: { lookup: pinnedLookup, timeout: timeoutMs },
    keepAliveTimeout: 1_000,
    connections: 4,
  });

  try {
    const visited = new Set<string>([withoutFragment(current)]);
    for (let redirects = 0; ; ) {
      await vetHost(current);
      let response: Response;
      try {
        response = await fetchImpl(current.href, {
          method: 'GET',
          redirect: 'manual',
          signal,
          dispatcher: agent,
          headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: ACCEPT },
        });
      } catch (error) {
        throw toIngestError(error, signal, current);
      }

      if (REDIRECT_STATUSES.has(response.status)) {
        await discard(response);
        const location = response.headers.get('location');
        if (!location) {
          throw new IngestError(
            'http-status',
            `${describeUrl(current)} answered with a redirect (HTTP ${response.status}) but did not say where to.`,
            { status: response.status },
          );
        }
        let next: URL;
        try {
          next = parseHttpUrl(new URL(location, current).href, 'redirect');
        } catch (error) {
          if (error instanceof IngestError) throw error;
          throw new IngestError('invalid-url', `${describeUrl(current)} redirected to an address that is not a valid URL.`);
        }
        const key = withoutFragment(next);
        if (visited.has(key)) {
          throw new IngestError(
            'too-many-redirects',
            `${describeUrl(originalUrl)} redirects in a loop (back to ${describeUrl(next)}).`,
          );
        }
        redirects += 1;
        if (redirects > maxRedirects) {
          throw new IngestError(
            'too-many-redirects',
            `${describeUrl(originalUrl)} redirected more than ${maxRedirects} times; giving up.`,
          );
        }
        visited.add(key);
        current = next;
        continue;
      }

      if (response.status < 200 || response.status > 299) {
        await discard(response);
        const reason = response.statusText ? ` (${response.statusText})` : '';
        throw new IngestError(
          'http-status',
          `${describeUrl(current)} answered with HTTP ${response.status}${reason}, not the page itself.`,
          { status: response.status },
        );
      }

      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await discard(response);
        throw tooLarge(current, maxBytes);
      }

      let body: Buffer;
      try {
        body = await readCapped(response, maxBytes, current);
      } catch (error) {
        throw toIngestError(error, signal, current);
      }
      return { finalUrl: current.href, contentType: response.headers.get('content-type') ?? '', body };
    }
  } catch (error) {
    throw toIngestError(error, signal, current);
  } finally {
    clearTimeout(timer);
    agent.destroy().catch(() => undefined);
  }
}

/** Parses and validates a URL the moderator (or a redirect) supplied. */
export function parseHttpUrl(raw: string, source: 'input' | 'redirect' = 'input'): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new IngestError('invalid-url', 'That is not a valid web address. Paste the full link, starting with https://.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const where = source === 'redirect' ? 'The page redirected to' : 'Only http:// and https:// links can be imported, not';
    throw new IngestError('unsupported-protocol', `${where} a ${url.protocol.replace(/:$/, '')}: address.`);
  }
  if (url.username || url.password) {
    throw new IngestError('invalid-url', 'Links that contain a user name or password are not accepted.');
  }
  if (!url.hostname) {
    throw new IngestError('invalid-url', 'That web address has no host name.');
  }
  return url;
}

async function systemLookup(hostname: string): Promise<string[]> {
  const results = await dns.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => r.address);
}

async function resolveHost(
  lookup: (hostname: string) => Promise<string[]>,
  host: string,
  target: URL,
): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    throw new IngestError('network', `Could not find the server for ${describeUrl(target)} (the name did not resolve).`, {
      cause: error,
    });
  }
  const valid = addresses.map(stripBrackets).filter((a) => isIP(a) !== 0);
  if (valid.length === 0) {
    throw new IngestError('network', `Could not find the server for ${describeUrl(target)} (the name did not resolve).`);
  }
  return valid;
}

function checkAddresses(target: URL, addresses: string[], allowPrivate: boolean): void {
  if (allowPrivate) return;
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason !== undefined) {
      // Any non-public answer refuses the host: an attacker controlling DNS can mix answers.
      throw new IngestError(
        'private-address',
        `Refusing to fetch ${describeUrl(target)}: it points to a private or internal network address (${reason}). Only public web pages can be imported.`,
      );
    }
  }
}

async function readCapped(response: Response, maxBytes: number, url: URL): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function tooLarge(url: URL, maxBytes: number): IngestError {
  return new IngestError('too-large', `${describeUrl(url)} is larger than the ${formatBytes(maxBytes)} limit for imports.`);
}

function toIngestError(error: unknown, signal: AbortSignal, url: URL): IngestError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof IngestError) return reason;
  }
  const known = findIngestError(error);
  if (known) return known;
  const code = errorCode(error);
  const detail = code ? ` (${code})` : '';
  if (code === 'ECONNREFUSED') {
    return new IngestError('network', `The server for ${describeUrl(url)} refused the connection.`, { cause: error });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new IngestError('network', `Could not find the server for ${describeUrl(url)}${detail}.`, { cause: error });
  }
  if (code && /CERT|SSL|TLS/.test(code)) {
    return new IngestError('network', `The secure connection to ${describeUrl(url)} failed${detail}.`, { cause: error });
  }
  return new IngestError('network', `Could not download ${describeUrl(url)}: network error${detail}.`, { cause: error });
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    current = current.cause;
  }
  return undefined;
}

function withAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function withoutFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
