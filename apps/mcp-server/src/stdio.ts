import type { Readable, Writable } from 'node:stream';
import {
  deserializeMessage,
  type JSONRPCMessage,
  serializeMessage,
  type Transport,
} from '@modelcontextprotocol/server';

/** Largest stdio message accepted. */
export const STDIO_LINE_LIMIT = 4 * 1024 * 1024;

const errorLine = (code: number, message: string) =>
  `${JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } })}\n`;

/**
 * stdio with a per-message limit that refuses instead of closing: the SDK's StdioServerTransport (2.4)
 * closes the connection when one line exceeds its buffer, so one oversized or malicious message would
 * end every call in flight. Here a line over the limit is dropped with a JSON-RPC error and the server
 * keeps serving; so is a batch (an array), which no served protocol revision allows.
 */
export class LineLimitedStdioTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T) => void) | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;
  private closed = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    private readonly limit = STDIO_LINE_LIMIT,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    this.input.once('end', this.onEnd);
    this.input.once('close', this.onEnd);
  }

  private readonly onInputError = (e: Error) => this.onerror?.(e);
  private readonly onEnd = () => void this.close();

  private readonly onData = (chunk: Buffer) => {
    let rest = chunk;
    for (;;) {
      const newline = rest.indexOf(0x0a);
      if (newline === -1) {
        this.take(rest);
        return;
      }
      this.take(rest.subarray(0, newline));
      this.endLine();
      rest = rest.subarray(newline + 1);
    }
  };

  private take(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    this.size += part.length;
    if (this.size > this.limit) {
      this.chunks = [];
      this.size = 0;
      this.discarding = true;
      return;
    }
    this.chunks.push(part);
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      this.write(errorLine(-32600, `Message larger than ${this.limit} bytes: refused; nothing was done.`));
      return;
    }
    const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (line.trim() === '') return;
    if (line.trimStart().startsWith('[')) {
      this.write(errorLine(-32600, 'JSON-RPC batches are not supported: send one message per line.'));
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch (e) {
      this.write(errorLine(-32700, 'Parse error: each line must be one JSON-RPC message.'));
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    this.onmessage?.(message);
  }

  private write(text: string): void {
    if (!this.closed) this.output.write(text);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      if (this.output.write(serializeMessage(message))) resolve();
      else this.output.once('drain', () => resolve());
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.onclose?.();
  }
}
