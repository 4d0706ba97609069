/**
 * A local HTTP server on 127.0.0.1 (random port) serving the ingest fixtures and the awkward
 * responses the fetcher must survive: 404s, hangs, redirect loops, oversized and binary bodies.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sampleInspectionReport } from './make-pdf.ts';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/ingest/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const DOCX_BYTES = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(64)]);

export interface RecordedRequest {
  path: string;
  host: string | undefined;
  remoteAddress: string | undefined;
}

export interface FixtureServer {
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const BIG = 2 * 1024 * 1024;

export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const pdf = sampleInspectionReport();
  let port = 0;

  const html = (res: ServerResponse, body: Buffer | string, status = 200): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  const redirect = (res: ServerResponse, location: string, status = 302): void => {
    res.writeHead(status, { location });
    res.end();
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/council-news': (_req, res) => html(res, fixture('council-news.html')),
    '/bbc': (_req, res) => html(res, fixture('bbc-article.html')),
    '/jsonld': (_req, res) => html(res, fixture('jsonld-article.html')),
    '/no-article': (_req, res) => html(res, fixture('no-article.html')),
    '/guide.md': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' });
      res.end(fixture('without-front-matter.md'));
    },
    '/report.pdf': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      res.end(pdf);
    },
    '/download?id=7': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(pdf);
    },
    '/gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(gzipSync(fixture('council-news.html')));
    },
    '/gzip-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(BIG, 0x20)));
    },
    '/missing': (_req, res) => html(res, '<h1>Page not found</h1>', 404),
    '/server-error': (_req, res) => html(res, '<h1>Oops</h1>', 500),
    '/hang': () => {
      // Never answers.
    },
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body><p>The start of a page that never finishes');
    },
    '/loop-a': (_req, res) => redirect(res, '/loop-b'),
    '/loop-b': (_req, res) => redirect(res, '/loop-a'),
    '/moved': (_req, res) => redirect(res, '/council-news', 301),
    '/no-location': (_req, res) => {
      res.writeHead(302);
      res.end();
    },
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': BIG });
      res.end(Buffer.alloc(BIG, 0x61));
    },
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < BIG) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    },
    '/png-as-html': (_req, res) => html(res, PNG_BYTES),
    '/image.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG_BYTES);
    },
    '/report.docx': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
      res.end(DOCX_BYTES);
    },
    '/redirect-to-internal': (_req, res) => redirect(res, 'http://internal.example/admin'),
    '/redirect-to-metadata': (_req, res) => redirect(res, 'http://169.254.169.254/latest/meta-data/'),
    '/redirect-to-loopback': (_req, res) => redirect(res, `http://127.0.0.1:${port}/council-news`),
    '/redirect-to-ipv6-loopback': (_req, res) => redirect(res, `http://[::1]:${port}/council-news`),
    '/redirect-to-ftp': (_req, res) => redirect(res, 'ftp://files.example/report.pdf'),
    '/redirect-to-public-article': (_req, res) => redirect(res, 'http://news.example/bbc'),
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, host: req.headers.host, remoteAddress: req.socket.remoteAddress });
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const n = Number(chain[1]);
      if (n > 0) redirect(res, `/chain/${n - 1}`);
      else html(res, fixture('council-news.html'));
      return;
    }
    const route = routes[path] ?? (path.startsWith('/missing') ? routes['/missing'] : undefined);
    if (route) route(req, res);
    else html(res, '<h1>Not found</h1>', 404);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
