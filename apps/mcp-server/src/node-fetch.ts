import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// The core clients' transport takes any fetch. Node's own (undici's WHATWG fetch) costs more per request
// than the rest of a tool call put together (streams, AbortSignal plumbing, a Response per request);
// these few lines over node:http do what the transport needs: one request, the whole reply as text, the
// status and headers, abort through the signal, no redirects followed.

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

// Idle sockets are closed after 4 s, before a server's own keep-alive timeout (5 s in Node, more in
// nginx) closes them under a request just sent, which a write could not safely repeat.
const IDLE_MS = 4000;
const httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_MS });
const httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_MS });

// Statuses a Response must not have a body for.
const NO_BODY = new Set([101, 103, 204, 205, 304]);

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** `fetch` for the core clients' transport, over node:http(s) with keep-alive. */
export const nodeFetch: Fetch = (input, init) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input);
    const https = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const send = https ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: https ? httpsAgent : httpAgent,
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (!res.complete) {
            reject(
              Object.assign(new Error('the connection closed before the reply ended'), {
                code: 'ECONNRESET',
              }),
            );
            return;
          }
          resolve(
            new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: headersOf(res),
            }),
          );
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
