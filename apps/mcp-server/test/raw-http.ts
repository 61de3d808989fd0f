import { request } from 'node:http';

// Raw HTTP for transport tests: any Host, Origin or body, which an MCP client library would not send.

/** A raw HTTP answer. */
export interface Raw {
  status: number;
  body: string;
}

/** A raw POST: any Host, Origin or body; `chunked` sends no Content-Length. */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
  chunked = false,
): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += String(d);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    // A server that refuses early may close while the body is still being written.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve({ status: -1, body: e.code }) : reject(e),
    );
    if (chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 64 * 1024) req.write(buf.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}
