import { redactText } from '@hostkit/core';
import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { LogHub } from './logging';

/**
 * The server's log: stderr (stdout carries nothing but JSON-RPC) and, through a {@link LogHub}, the MCP
 * clients (`notifications/message`). Every line is redacted once, before it goes anywhere.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * A line for MCP clients only (stderr keeps what it showed before this existed): what a call did,
   * confirmations, logins, retries. `logger` names the part it comes from (`hostkit.call`…).
   */
  log(level: LoggingLevel, logger: string, message: string | (() => string)): void;
}

/**
 * A logger that prefixes `hostkit-mcp:`, redacts every known secret (and secret-looking `key=`/`"token":`
 * fields) from each line, and writes it to stderr, and to the clients `clients` reaches.
 */
export function stderrLogger(secrets: () => readonly string[], quiet = false, clients?: LogHub): Logger {
  const redact = (message: string) => redactText(message, secrets());
  const write = (level: LoggingLevel, message: string) => {
    const line = redact(message);
    clients?.send({ level, logger: 'hostkit', data: line });
    if (level === 'info' && quiet) return;
    process.stderr.write(
      `hostkit-mcp: ${level === 'info' ? '' : `${level}: `}${line.replace(/\n/g, '\n  ')}\n`,
    );
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warning', m),
    error: (m) => write('error', m),
    // Built and redacted only when some connection takes lines at this level (a call's arguments at debug).
    log: (level, logger, m) => {
      if (clients?.wants(level))
        clients.send({ level, logger, data: redact(typeof m === 'function' ? m() : m) });
    },
  };
}
