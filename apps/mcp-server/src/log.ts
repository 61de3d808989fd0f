import { redactText } from '@hostkit/core';

/** Writes to stderr only: stdout carries nothing but JSON-RPC. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * A logger that prefixes `hostkit-mcp:`, redacts every known secret (and secret-looking `key=`/`"token":`
 * fields) from each line, and writes it to stderr.
 */
export function stderrLogger(secrets: () => readonly string[], quiet = false): Logger {
  const write = (level: string, message: string) => {
    const line = redactText(message, secrets()).replace(/\n/g, '\n  ');
    process.stderr.write(`hostkit-mcp: ${level === 'info' ? '' : `${level}: `}${line}\n`);
  };
  return {
    info: (m) => {
      if (!quiet) write('info', m);
    },
    warn: (m) => write('warning', m),
    error: (m) => write('error', m),
  };
}
