import {
  ApiError,
  ENVELOPE_KEYS,
  HostkitError,
  OutcomeUnknownError,
  quote,
  renderResult,
  ValidationError,
} from '@hostkit/core';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Outcome } from './audit';

const envelopeKeys = new Set(ENVELOPE_KEYS);
const labelKeys = ['name', 'domain', 'host', 'email', 'ip', 'title', 'type'];
const detailKeys = ['id', 'status', 'value', 'ram', 'cpu'];

/**
 * An API value as it appears in text: a string JSON-quoted, so a name or message reads as data (never as
 * prose, and its line breaks stay escaped); anything else as it is.
 */
function shown(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

// Reply keys come from the API too: a plain identifier as it is, anything else quoted.
const keyText = (key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : quote(key));

function itemLabel(item: unknown): string {
  if (item === null || typeof item !== 'object') return shown(item);
  const o = item as Record<string, unknown>;
  const main = labelKeys.map((k) => o[k]).find((v) => typeof v === 'string' && v !== '');
  const details = detailKeys
    .filter((k) => k !== 'type' && (typeof o[k] === 'string' || typeof o[k] === 'number') && o[k] !== main)
    .map((k) => `${k} ${shown(o[k])}`);
  const text = [
    main === undefined ? undefined : shown(main),
    details.length ? `(${details.join(', ')})` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return text || `${Object.keys(o).length} fields`;
}

/** One readable line about a reply: its message and what it holds ("servers: 2 — web-1 (id 7, active); …"). */
export function replyHeadline(title: string, reply: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(reply)) {
    if (envelopeKeys.has(key)) continue;
    if (Array.isArray(value)) {
      const items = value.slice(0, 5).map(itemLabel).join('; ');
      parts.push(
        `${keyText(key)}: ${value.length}${value.length ? ` — ${items}${value.length > 5 ? '; …' : ''}` : ''}`,
      );
    } else if (value !== null && typeof value === 'object') {
      parts.push(`${keyText(key)}: ${itemLabel(value)}`);
    } else if (value !== undefined) {
      parts.push(`${keyText(key)}: ${shown(value)}`);
    }
    if (parts.length >= 4) break;
  }
  const message = [reply.message, reply.statusmsg].find((m) => typeof m === 'string' && m !== '') as
    | string
    | undefined;
  const head = `${title}: ${message ? shown(message) : 'done'}`;
  return parts.length ? `${head}. ${parts.join(' | ')}` : `${head}.`;
}

/**
 * A successful result: the data once in structured content, and a compact text for clients that pass
 * only text (`text`, or the headline and the content as `key: value` lines): never a copy of the JSON.
 */
export function okResult(
  structured: Record<string, unknown>,
  headline: string,
  text?: string,
  images: readonly { data: string; mimeType: string }[] = [],
): CallToolResult {
  const body = text ?? [headline, ...renderResult(structured)].join('\n');
  return {
    content: [{ type: 'text', text: body }, ...images.map((i) => ({ type: 'image' as const, ...i }))],
    structuredContent: structured,
  };
}

/** What an error means for the audit log. */
export function outcomeOf(error: unknown): Outcome {
  if (error instanceof OutcomeUnknownError) return 'unknown';
  if (error instanceof ValidationError) return 'not-sent';
  if (error instanceof HostkitError && (error.code === 'config' || error.code === 'unknown_command'))
    return 'not-sent';
  return 'error';
}

/**
 * The text of an error: a Hostkit error's message, with an API's own words (which core's ApiError puts
 * in plain quotes) JSON-quoted, so a refusal that holds quotes or line breaks still reads as data.
 */
export function errorText(error: HostkitError): string {
  if (!(error instanceof ApiError)) return error.message;
  return error.message.replace(`"${error.apiMessage}"`, () => quote(error.apiMessage));
}

/** A tool error result; the message of a Hostkit error already says what to do next. */
export function errorResult(error: unknown): CallToolResult {
  const text =
    error instanceof HostkitError
      ? errorText(error)
      : `Internal error in the Hostkit MCP server: ${error instanceof Error ? error.message : String(error)}. The call may not have completed; check the current state before trying again.`;
  const structured: Record<string, unknown> = {
    error: error instanceof HostkitError ? error.code : 'internal',
    message: text,
  };
  if (error instanceof ValidationError) structured.issues = error.issues;
  if (error instanceof ApiError && error.messageId !== undefined) structured.messageId = error.messageId;
  if (error instanceof OutcomeUnknownError && error.check) {
    structured.checkWith = error.check.tool;
    if (Object.keys(error.check.input).length) structured.checkArguments = error.check.input;
  }
  return { content: [{ type: 'text', text }], structuredContent: structured, isError: true };
}
