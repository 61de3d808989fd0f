import { AsyncLocalStorage } from 'node:async_hooks';
import {
  LOG_LEVEL_META_KEY,
  type LoggingLevel,
  type LoggingMessageNotification,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';

// MCP logging (`logging` capability): the server's own log lines, already redacted by log.ts, sent to
// clients as `notifications/message`. A line written during a tool call goes to the connection that made
// the call, on that call's stream; any other line (start-up, a login outside a call) to every connection
// that can receive one unprompted. Each connection has its own level: stdio has one connection, and over
// Streamable HTTP each 2025-11-25 session is one. A 2026-07-28 request carries its level in its `_meta`
// (no level: no messages, as the SDK's own ctx.mcpReq.log does) and is sent only its own call's lines.

/** The MCP log levels, least severe first (RFC 5424's, as the spec lists them). */
export const LOG_LEVELS: readonly LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** What a connection receives before it sets a level: what stderr shows (the spec lets the server choose). */
export const DEFAULT_CLIENT_LEVEL: LoggingLevel = 'info';

/** Whether `level` is at least as severe as `threshold`. */
export function atLeast(level: LoggingLevel, threshold: LoggingLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

/** One message as sent: `data` is the redacted line. */
export type LogMessage = LoggingMessageNotification['params'];

/** One connection's log level, and its way to the client. */
export interface ClientSink {
  /** The level set by `logging/setLevel`; 2026-07-28 requests carry their own. */
  level: LoggingLevel;
  readonly era: 'legacy' | 'modern';
  readonly server: Server;
  /** Whether the standing messages were sent (at its first call). */
  told: boolean;
}

interface CallScope {
  sink: ClientSink;
  ctx: ServerContext;
}

/** Routes log lines to the connected clients. One per process. */
export class LogHub {
  private readonly sinks = new Set<ClientSink>();
  private readonly calls = new AsyncLocalStorage<CallScope>();
  private readonly standing: LogMessage[] = [];

  /**
   * A message every connection is sent once, at its first call (what it talks to: the embedded sandbox,
   * confirmation off), since the start-up lines on stderr went out before any client was there.
   */
  stand(message: LogMessage): void {
    this.standing.push(message);
  }

  /**
   * Attaches a connection's server: its `logging/setLevel` handler sets this connection's level (the SDK
   * keeps its own in a private map its ctx.mcpReq.log reads; this server sends lines from outside a
   * handler too, so it keeps the level itself). Declare the `logging` capability before calling this.
   */
  attach(server: Server, era: 'legacy' | 'modern'): ClientSink {
    const sink: ClientSink = { level: DEFAULT_CLIENT_LEVEL, era, server, told: false };
    server.setRequestHandler('logging/setLevel', (request) => {
      sink.level = request.params.level;
      return {};
    });
    // A 2026-07-28 instance serves one request: nothing can be sent to it outside that request.
    if (era === 'legacy') {
      this.sinks.add(sink);
      const previous = server.onclose;
      server.onclose = () => {
        this.sinks.delete(sink);
        previous?.();
      };
    }
    return sink;
  }

  /** Runs `fn` as a call of `sink`'s connection: the lines logged inside go to that connection alone. */
  inCall<T>(sink: ClientSink, ctx: ServerContext, fn: () => Promise<T>): Promise<T> {
    return this.calls.run({ sink, ctx }, () => {
      if (!sink.told) {
        sink.told = true;
        for (const message of this.standing) this.send(message);
      }
      return fn();
    });
  }

  /** Sends one (redacted) line to whoever should have it. Never throws, never waits. */
  /** Whether a line at `level` would reach anyone: lets a caller skip building and redacting it. */
  wants(level: LoggingLevel): boolean {
    const call = this.calls.getStore();
    if (call) {
      const threshold = this.threshold(call);
      return threshold !== undefined && atLeast(level, threshold);
    }
    for (const sink of this.sinks) if (atLeast(level, sink.level)) return true;
    return false;
  }

  send(message: LogMessage): void {
    const call = this.calls.getStore();
    if (call) {
      const threshold = this.threshold(call);
      if (threshold === undefined || !atLeast(message.level, threshold)) return;
      // On the call's own stream (related to its request), so a 2025-11-25 HTTP client without a
      // standalone GET stream receives it too.
      void call.ctx.mcpReq.notify({ method: 'notifications/message', params: message }).catch(() => {});
      return;
    }
    for (const sink of this.sinks) {
      if (!atLeast(message.level, sink.level)) continue;
      void sink.server.notification({ method: 'notifications/message', params: message }).catch(() => {});
    }
  }

  /** The level a call's connection wants: a 2026-07-28 request names it in its `_meta`. */
  private threshold(call: CallScope): LoggingLevel | undefined {
    const envelope = call.ctx.mcpReq.envelope as Record<string, unknown> | undefined;
    return call.sink.era === 'modern'
      ? (envelope?.[LOG_LEVEL_META_KEY] as LoggingLevel | undefined)
      : call.sink.level;
  }
}
