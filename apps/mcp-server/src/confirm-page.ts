import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// One-time confirmation pages on loopback: the channel a model cannot answer when the client has no
// form elicitation. The page's URL goes to the person (URL-mode elicitation, or a browser Hostkit opens)
// and never into anything the model reads; the yes is a POST from that page alone.

/** How long a page waits for an answer. */
export const PAGE_TTL_MS = 5 * 60 * 1000;

/** What the person did with a page. */
export type PageDecision = 'approved' | 'declined' | 'expired' | 'cancelled';

/** One pending confirmation. */
export interface ConfirmationPage {
  /** The page's address: secret, single use. */
  readonly url: string;
  /** Settles once: the person's answer, or expiry, or cancellation by the server. */
  readonly decided: Promise<PageDecision>;
  /** Withdraws the page (the call was cancelled); a later visit says so. */
  cancel(): void;
}

interface Pending {
  summary: string;
  title: string;
  csrf: string;
  expires: number;
  state: 'pending' | PageDecision;
  settle(decision: PageDecision): void;
  timer: NodeJS.Timeout;
}

const token = () => randomBytes(24).toString('base64url');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The page may run no script, load nothing, post only to itself, and never be framed (clickjacking).
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it, browsers send `Origin: null` on the page's own form post.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}pre{background:#161b22!important;border-color:#30363d!important}}
h1{font-size:1.3rem}pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:1rem;font:14px/1.45 ui-monospace,monospace}
.actions{display:flex;gap:1rem;margin-top:1.5rem}button{font-size:1rem;padding:.6rem 1.4rem;border-radius:6px;border:1px solid #888;cursor:pointer}
button[value=approve]{background:#cf222e;color:#fff;border-color:#a40e26}.note{color:#656d76;font-size:.9rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The loopback server behind every confirmation page of this process; started on first use. */
export class ConfirmationPages {
  private server: Server | undefined;
  private origin = '';
  private starting: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly ttlMs = PAGE_TTL_MS,
    private readonly host = '127.0.0.1',
  ) {}

  /** A new page showing `summary`; its answer arrives in `decided`. */
  async open(title: string, summary: string): Promise<ConfirmationPage> {
    await this.start();
    const id = token();
    let settle: (d: PageDecision) => void = () => {};
    const decided = new Promise<PageDecision>((resolve) => {
      settle = resolve;
    });
    const entry: Pending = {
      summary,
      title,
      csrf: token(),
      expires: Date.now() + this.ttlMs,
      state: 'pending',
      settle: (d) => {
        if (entry.state !== 'pending') return;
        entry.state = d;
        clearTimeout(entry.timer);
        settle(d);
        // Kept a while so a late visit is told what happened, then forgotten.
        setTimeout(() => this.pending.delete(id), this.ttlMs).unref();
      },
      timer: setTimeout(() => entry.settle('expired'), this.ttlMs),
    };
    entry.timer.unref();
    this.pending.set(id, entry);
    return { url: `${this.origin}/confirm/${id}`, decided, cancel: () => entry.settle('cancelled') };
  }

  async close(): Promise<void> {
    for (const entry of this.pending.values()) entry.settle('cancelled');
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private start(): Promise<void> {
    this.starting ??= new Promise<void>((resolve, reject) => {
      const server = createServer((req, res) => {
        this.handle(req, res).catch(() => {
          if (!res.headersSent) this.send(res, 500, 'Error', '<h1>Something went wrong</h1>');
        });
      });
      server.once('error', reject);
      server.listen(0, this.host, () => {
        const { port } = server.address() as AddressInfo;
        this.origin = `http://${this.host}:${port}`;
        this.server = server;
        server.unref();
        resolve();
      });
    });
    return this.starting;
  }

  private send(res: ServerResponse, status: number, title: string, body: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
    res.end(page(title, body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: only this exact loopback origin is served.
    if (req.headers.host !== this.origin.slice('http://'.length)) {
      return this.send(res, 400, 'Refused', '<h1>Wrong host</h1>');
    }
    const match = /^\/confirm\/([A-Za-z0-9_-]{32})$/.exec(req.url ?? '');
    const entry = match?.[1] ? this.pending.get(match[1]) : undefined;
    if (!entry)
      return this.send(res, 404, 'Not found', '<h1>No such confirmation</h1><p>It may have expired.</p>');
    if (req.method === 'GET') return this.show(res, entry);
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    // A form post from this page carries its Origin; a post from any other site, or without one, is refused.
    const sameOrigin =
      req.headers.origin === this.origin &&
      (req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin');
    const form = await readForm(req);
    if (!sameOrigin || !form || !matches(form.get('csrf'), entry.csrf)) {
      return this.send(
        res,
        403,
        'Refused',
        '<h1>Refused</h1><p>This answer did not come from the confirmation page.</p>',
      );
    }
    if (entry.state !== 'pending') return this.done(res, entry, 410);
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'decline') {
      return this.send(res, 400, 'Refused', '<h1>Choose Approve or Decline</h1>');
    }
    entry.settle(decision === 'approve' ? 'approved' : 'declined');
    return this.done(res, entry, 200);
  }

  private show(res: ServerResponse, entry: Pending): void {
    if (entry.state !== 'pending') {
      this.done(res, entry, 410);
      return;
    }
    const minutes = Math.max(1, Math.round((entry.expires - Date.now()) / 60000));
    this.send(
      res,
      200,
      `Confirm: ${entry.title}`,
      `<h1>Hostkit asks: ${escapeHtml(entry.title)}</h1>
<p>An AI agent asked Hostkit to do this. Nothing has been sent yet. Read it all; values in quotes are exactly what will be sent.</p>
<pre id="summary">${escapeHtml(entry.summary)}</pre>
<form method="post"><input type="hidden" name="csrf" value="${entry.csrf}">
<div class="actions"><button type="submit" name="decision" value="approve">Approve</button><button type="submit" name="decision" value="decline">Decline</button></div></form>
<p class="note">This page works once and expires in about ${minutes} minute${minutes === 1 ? '' : 's'}.</p>`,
    );
  }

  private done(res: ServerResponse, entry: Pending, status: number): void {
    const text: Record<Exclude<Pending['state'], 'pending'>, string> = {
      approved: 'Approved. Hostkit is doing it now; you can close this tab.',
      declined: 'Declined. Nothing was sent; you can close this tab.',
      expired: 'This confirmation expired. Nothing was sent.',
      cancelled: 'This confirmation was withdrawn. Nothing was sent.',
    };
    const state = entry.state === 'pending' ? 'cancelled' : entry.state;
    const already = status === 410 ? 'This confirmation was already answered. ' : '';
    this.send(res, status, 'Hostkit', `<h1 id="outcome">${escapeHtml(already + text[state])}</h1>`);
  }
}

function matches(given: string | null, wanted: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The url-encoded form body, up to 4 KiB; undefined for anything else. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
