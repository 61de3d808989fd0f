import { spawn } from 'node:child_process';

/** A bare MCP client over stdio (newline-delimited JSON-RPC): enough to start a server and list tools. */
export async function mcpSession(command: string, args: readonly string[], env: Record<string, string>) {
  const child = spawn(command, [...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let buffer = '';
  let stderr = '';
  const waiting = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  child.stdout.on('data', (b: Buffer) => {
    buffer += b.toString();
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i).trim();
      buffer = buffer.slice(i + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: { message: string } };
      if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg);
    }
  });
  let nextId = 1;
  const request = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(
        () => reject(new Error(`MCP ${method} timed out; server stderr:\n${stderr}`)),
        20_000,
      );
      waiting.set(id, (msg) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (msg.error) reject(new Error(`MCP ${method}: ${msg.error.message}`));
        else resolve(msg.result);
      });
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  await Promise.race([
    request('initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'hostkit-vscode-e2e', version: '0' },
    }),
    exited.then((c) => {
      throw new Error(`MCP server exited with ${c} before initialize; stderr:\n${stderr}`);
    }),
  ]);
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  return {
    request,
    stderr: () => stderr,
    close: async () => {
      child.stdin.end();
      child.kill();
      await exited;
    },
  };
}
