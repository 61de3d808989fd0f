import { createHash, randomBytes } from 'node:crypto';
import {
  type CallToolResult,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Confirmation } from './audit';
import type { BrowserOpener } from './browser';
import type { ConfirmPolicy } from './config';
import type { ConfirmationPages, PageDecision } from './confirm-page';

// Who may say yes to a call that breaks, costs or opens access: a human, through a channel the model
// cannot answer. Form elicitation where the client has it; otherwise a one-time loopback page, sent as
// URL-mode elicitation or opened in the browser by Hostkit; otherwise the call is refused. Nothing a
// model reads or writes (a result, an argument) can confirm anything.

/** How long a request for input stays answerable. */
export const REQUEST_STATE_TTL_SECONDS = 600;

/** JSON with object keys sorted at every depth and `undefined` members dropped: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What a confirmation is bound to: the tool and its exact (parsed) arguments, plus any planned change. */
export function bindingOf(tool: string, args: unknown, plan?: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ tool, args, plan: plan ?? null }))
    .digest('base64url');
}

/** The state a request for input carries: what it is bound to, a single-use nonce, and its page if any. */
export interface ConfirmState {
  b: string;
  n: string;
  p?: string;
}

/** Nonces of answered requests, kept until their request state could no longer verify. */
export class UsedNonces {
  private readonly used = new Map<string, number>();

  /** Marks `nonce` used; false when it already was (a replay). */
  take(nonce: string, now = Date.now()): boolean {
    for (const [n, expires] of this.used) if (expires <= now) this.used.delete(n);
    if (this.used.has(nonce)) return false;
    this.used.set(nonce, now + REQUEST_STATE_TTL_SECONDS * 1000);
    return true;
  }
}

/** The decision on one call that needs a human's go-ahead. */
export type ConfirmDecision =
  | { proceed: true; how: Confirmation }
  | {
      proceed: false;
      result: CallToolResult | InputRequiredResult;
      declined?: 'declined' | 'cancelled' | 'expired';
    };

/** One call to confirm. */
export interface ConfirmRequest {
  tool: string;
  title: string;
  binding: string;
  summary: string;
  /** What the client declared for this request (the request's envelope, or what it said at initialize). */
  capabilities: ClientCapabilities | undefined;
  /** Sends a progress notification while the call waits for the person; a no-op without a token. */
  progress(progress: number, message: string): Promise<void>;
}

/** The channel a client gets, from what it declared. */
export type Channel = 'form' | 'url' | 'browser' | 'none';

/** Which channel a client with these capabilities gets (form first: the person answers in the client). */
export function channelFor(capabilities: ClientCapabilities | undefined, canOpenBrowser: boolean): Channel {
  const elicitation = capabilities?.elicitation as Record<string, unknown> | undefined;
  // An empty elicitation capability means form mode (the rule before modes existed).
  if (elicitation && (Object.keys(elicitation).length === 0 || 'form' in elicitation)) return 'form';
  if (elicitation && 'url' in elicitation) return 'url';
  return canOpenBrowser ? 'browser' : 'none';
}

const KEY = 'confirm';

// No default: a person must tick it, so an accept without content, or with anything but true, declines.
const confirmSchema = {
  type: 'object' as const,
  properties: {
    confirm: {
      type: 'boolean' as const,
      title: 'Yes, do exactly this',
      description: 'Tick and accept to run it; anything else sends nothing.',
    },
  },
  required: ['confirm'],
};

function notSent(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

const WAIT_PROGRESS_MS = 5000;

/** Decides whether a call that needs a human's yes may run. */
export class Confirmer {
  constructor(
    private readonly policy: ConfirmPolicy,
    private readonly codec: RequestStateCodec<ConfirmState>,
    private readonly pages: ConfirmationPages,
    private readonly openBrowser: BrowserOpener | undefined,
    private readonly nonces = new UsedNonces(),
  ) {}

  async decide(req: ConfirmRequest, ctx: ServerContext): Promise<ConfirmDecision> {
    if (this.policy === 'none') return { proceed: true, how: 'no-confirm' };
    const state = ctx.mcpReq.requestState<ConfirmState>();
    // An answer counts only for the call it was asked about (same tool, arguments and plan), and once.
    if (state && typeof state === 'object' && state.b === req.binding) return this.answered(req, state, ctx);
    const channel = channelFor(req.capabilities, this.openBrowser !== undefined);
    if (channel === 'form') {
      return {
        proceed: false,
        result: inputRequired({
          inputRequests: {
            [KEY]: inputRequired.elicit({
              message: `${req.summary}\n\nGo ahead?`,
              requestedSchema: confirmSchema,
            }),
          },
          requestState: await this.codec.mint({ b: req.binding, n: nonce() }),
        }),
      };
    }
    if (channel === 'url') {
      const page = await this.pages.open(req.title, req.summary);
      const p = this.track(page);
      return {
        proceed: false,
        result: inputRequired({
          inputRequests: {
            [KEY]: inputRequired.elicitUrl({
              message: `Hostkit needs your confirmation before it runs ${req.tool}: the page shows exactly what will be sent.`,
              url: page.url,
            }),
          },
          requestState: await this.codec.mint({ b: req.binding, n: nonce(), p }),
        }),
      };
    }
    if (channel === 'browser' && this.openBrowser) {
      const page = await this.pages.open(req.title, req.summary);
      if (await this.openBrowser(page.url)) return this.wait(req, page.decided, page.cancel, ctx);
      page.cancel();
    }
    return {
      proceed: false,
      result: notSent(
        `Not done; nothing was sent: ${req.tool} needs a person's confirmation, and this client offers no way to ask (no elicitation), nor could Hostkit open a browser here. Ask the user to make this change themselves, to use an MCP client that supports elicitation, or to run Hostkit where it can open a browser (or set HOSTKIT_BROWSER). Do not try to work around this.\n${req.summary}`,
      ),
    };
  }

  private readonly open = new Map<string, { decided: Promise<PageDecision>; cancel(): void }>();

  private track(page: { decided: Promise<PageDecision>; cancel(): void }): string {
    const id = nonce();
    this.open.set(id, page);
    void page.decided.finally(() => setTimeout(() => this.open.delete(id), 60_000).unref());
    return id;
  }

  private async answered(
    req: ConfirmRequest,
    state: ConfirmState,
    ctx: ServerContext,
  ): Promise<ConfirmDecision> {
    const view = inputResponse(ctx.mcpReq.inputResponses, KEY);
    if (!this.nonces.take(state.n)) {
      return {
        proceed: false,
        result: notSent(
          `Not done; nothing was sent: this confirmation was already used. Each yes counts for one call; call ${req.tool} again to ask the user anew.`,
        ),
      };
    }
    const action = view.kind === 'elicit' ? view.action : 'cancel';
    if (state.p !== undefined) {
      const page = this.open.get(state.p);
      if (!page) return this.refused(req, 'expired');
      if (action !== 'accept') {
        page.cancel();
        return this.refused(req, action === 'decline' ? 'declined' : 'cancelled');
      }
      // Accepting a URL elicitation only means the person opened the page: the page holds the answer.
      return this.wait(req, page.decided, page.cancel, ctx);
    }
    const content =
      view.kind === 'elicit' ? (view.content as Record<string, unknown> | undefined) : undefined;
    if (action === 'accept' && content?.confirm === true) return { proceed: true, how: 'elicitation' };
    return this.refused(req, action === 'cancel' ? 'cancelled' : 'declined');
  }

  private async wait(
    req: ConfirmRequest,
    decided: Promise<PageDecision>,
    cancel: () => void,
    ctx: ServerContext,
  ): Promise<ConfirmDecision> {
    const signal = ctx.mcpReq.signal;
    const onAbort = () => cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    let waited = 0;
    const ticker = setInterval(() => {
      waited += WAIT_PROGRESS_MS / 1000;
      void req.progress(waited, `Waiting for the user to approve or decline in the browser (${waited} s)`);
    }, WAIT_PROGRESS_MS);
    try {
      void req.progress(0, 'Waiting for the user to approve or decline in the browser');
      const decision = await decided;
      if (decision === 'approved') return { proceed: true, how: 'confirmation-page' };
      return this.refused(
        req,
        decision === 'declined' ? 'declined' : decision === 'expired' ? 'expired' : 'cancelled',
      );
    } finally {
      clearInterval(ticker);
      signal.removeEventListener('abort', onAbort);
    }
  }

  private refused(req: ConfirmRequest, why: 'declined' | 'cancelled' | 'expired'): ConfirmDecision {
    const text =
      why === 'expired'
        ? `Not done: the confirmation expired before the user answered, so nothing was sent.`
        : `Not done: the user ${why} it, so nothing was sent.`;
    return { proceed: false, declined: why, result: notSent(`${text}\n${req.summary}`) };
  }
}

function nonce(): string {
  return randomBytes(16).toString('base64url');
}
