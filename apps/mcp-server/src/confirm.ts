import { createHash, randomBytes } from 'node:crypto';
import {
  type CallToolResult,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Confirmation } from './audit';
import type { ConfirmPolicy } from './config';

/** How long a fallback confirmation id stays valid. */
export const CONFIRMATION_TTL_MS = 10 * 60 * 1000;

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

/** Single-use confirmation ids for clients that cannot elicit, bound to one tool call's exact arguments. */
export class ConfirmationStore {
  private readonly pending = new Map<string, { binding: string; tool: string; expires: number }>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  issue(tool: string, binding: string): { id: string; expiresAt: string } {
    this.sweep();
    const id = `hk_${randomBytes(16).toString('base64url')}`;
    const expires = this.now() + CONFIRMATION_TTL_MS;
    this.pending.set(id, { binding, tool, expires });
    return { id, expiresAt: new Date(expires).toISOString() };
  }

  /** Uses up `id`: `ok` only when it was issued for this tool and binding and has not expired or been used. */
  redeem(id: string, tool: string, binding: string): 'ok' | 'unknown' | 'mismatch' {
    this.sweep();
    const entry = this.pending.get(id);
    if (!entry) return 'unknown';
    // Used up either way: an id shown arguments it was not issued for is not left for probing.
    this.pending.delete(id);
    return entry.tool === tool && entry.binding === binding ? 'ok' : 'mismatch';
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.pending) if (entry.expires <= now) this.pending.delete(id);
  }
}

/** The decision on one call that needs a human's go-ahead. */
export type ConfirmDecision =
  | { proceed: true; how: Confirmation }
  | { proceed: false; result: CallToolResult | InputRequiredResult; declined?: 'declined' | 'cancelled' };

/** One call to confirm. */
export interface ConfirmRequest {
  tool: string;
  binding: string;
  summary: string;
  /** The id the caller gave back, if any. */
  confirmationId: string | undefined;
  /** Whether the client declared form elicitation for this request. */
  canElicit: boolean;
}

const ELICIT_KEY = 'confirm';

const confirmSchema = {
  type: 'object' as const,
  properties: {
    confirm: {
      type: 'boolean' as const,
      title: 'Go ahead',
      description: 'Leave checked and accept to run it; decline or cancel to send nothing.',
      default: true,
    },
  },
  required: ['confirm'],
};

function notSent(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * Decides whether a destructive or billable call may run: through elicitation when the client can
 * elicit (a multi-round-trip `input_required` on 2026-07-28, a server→client `elicitation/create` via the
 * SDK's shim on 2025-11-25), else through a single-use confirmation id returned with the summary.
 */
export class Confirmer {
  constructor(
    private readonly policy: ConfirmPolicy,
    private readonly store: ConfirmationStore,
    private readonly codec: RequestStateCodec<{ b: string }>,
  ) {}

  async decide(req: ConfirmRequest, ctx: ServerContext): Promise<ConfirmDecision> {
    if (this.policy === 'none') return { proceed: true, how: 'no-confirm' };
    if (req.confirmationId !== undefined) return this.redeem(req);
    if (req.canElicit) return this.elicit(req, ctx);
    const { id, expiresAt } = this.store.issue(req.tool, req.binding);
    return {
      proceed: false,
      result: {
        content: [
          {
            type: 'text',
            text: `Confirmation needed; nothing was sent. ${req.summary}\nAsk the user to confirm exactly this. If they agree, call ${req.tool} again with the same arguments plus "confirmationId": "${id}" (single use, valid 10 minutes). If they do not, do not call it again.`,
          },
        ],
        structuredContent: {
          confirmationRequired: true,
          confirmationId: id,
          expiresAt,
          summary: req.summary,
        },
        isError: true,
      },
    };
  }

  private redeem(req: ConfirmRequest): ConfirmDecision {
    const verdict = this.store.redeem(req.confirmationId ?? '', req.tool, req.binding);
    if (verdict === 'ok') return { proceed: true, how: 'confirmation-id' };
    const why =
      verdict === 'mismatch'
        ? `confirmationId was issued for different arguments (or another tool), so it is refused and used up`
        : 'confirmationId is unknown, already used, or expired (ids are single use and last 10 minutes)';
    return {
      proceed: false,
      result: notSent(
        `Not done; nothing was sent: ${why}. Call ${req.tool} again without confirmationId to get a fresh summary and id, and have the user confirm it.`,
      ),
    };
  }

  private async elicit(req: ConfirmRequest, ctx: ServerContext): Promise<ConfirmDecision> {
    const state = ctx.mcpReq.requestState<{ b: string }>();
    const view = inputResponse(ctx.mcpReq.inputResponses, ELICIT_KEY);
    // An answer counts only for the call it was asked about: same tool, same arguments, same plan.
    if (state?.b === req.binding && view.kind === 'elicit') {
      if (view.action === 'accept' && view.content?.confirm !== false)
        return { proceed: true, how: 'elicitation' };
      const declined = view.action === 'cancel' ? 'cancelled' : 'declined';
      return {
        proceed: false,
        declined,
        result: notSent(`Not done: the user ${declined} it, so nothing was sent. ${req.summary}`),
      };
    }
    return {
      proceed: false,
      result: inputRequired({
        inputRequests: {
          [ELICIT_KEY]: inputRequired.elicit({
            message: `${req.summary}\n\nGo ahead?`,
            requestedSchema: confirmSchema,
          }),
        },
        requestState: await this.codec.mint({ b: req.binding }),
      }),
    };
  }
}
