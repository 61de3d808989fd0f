import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { HostkitError, outputOf, quote, summaryOf } from '@hostkit/core';
import { z } from 'zod';
import { commandNamed, type HostkitTool, parseWith } from '../tools';

// deploi_get_kube_config as an MCP tool: the kubeconfig holds full-access cluster credentials, so it is
// written to a file the user names (mode 0600, never over an existing file) after a person confirms,
// and the model learns only where it went and which clusters it names.

/** `~/x` and relative paths made absolute. */
export function expandPath(path: string): string {
  const p = path.trim();
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolve(p);
}

/** The non-secret facts of a kubeconfig: cluster names and API server addresses. */
export function kubeconfigFacts(text: string): { clusters: string[]; servers: string[] } {
  const clusters = [...text.matchAll(/^\s*-?\s*name:\s*["']?([^"'\n]+?)["']?\s*$/gm)].map((m) => m[1] ?? '');
  const servers = [...text.matchAll(/^\s*server:\s*["']?(https?:\/\/[^"'\s]+)["']?\s*$/gm)].map(
    (m) => m[1] ?? '',
  );
  return { clusters: [...new Set(clusters)].slice(0, 10), servers: [...new Set(servers)].slice(0, 10) };
}

export function kubeConfigTool(): HostkitTool {
  const command = commandNamed('deploi_get_kube_config');
  const name = command.tool;
  const idField = command.input.shape.id;
  const input = z.strictObject({
    id: idField,
    file: z
      .string()
      .trim()
      .min(1)
      .max(1024)
      .regex(/^[^\p{Cc}\p{Cf}\u2028\u2029]+$/u, 'must be a plain file path')
      .describe(
        'Where to save the kubeconfig, such as ~/.kube/deploi-prod.yaml: a new file (an existing one is never overwritten), written with mode 0600. Ask the user where they want it.',
      ),
  });
  const output = z.object({
    file: z.string(),
    bytes: z.number(),
    clusters: z.array(z.string()),
    servers: z.array(z.string()),
  });
  return {
    name,
    title: 'Save the kubeconfig of a Deploi Kubernetes service',
    description:
      'Saves the kubeconfig of a managed Kubernetes service to a new file with mode 0600 (use it with kubectl --kubeconfig FILE). The file holds full-access credentials: they are never shown here, and the user confirms first. Returns the file, its size and the clusters it names. The id comes from deploi_get_kubernetes.',
    group: command.group,
    risk: 'read',
    billable: false,
    idempotent: false,
    openWorld: true,
    input,
    output,
    secrets: command.secrets ?? [],
    command,
    asks: true,
    parse: (raw) => {
      const parsed = parseWith(name, input, raw);
      return { ...parsed, file: expandPath(String(parsed.file)) };
    },
    needsConfirmation: () => true,
    summary: (i) =>
      `${summaryOf(command, { id: i.id })}\nIt is written to the new file ${quote(i.file)} (mode 0600) and never shown to the agent.`,
    async run(parsed, _plan, ctx) {
      const i = parsed as z.output<typeof input>;
      const text = outputOf(await ctx.backend.call(command, { id: i.id }, ctx.signal)).kubeconfig ?? '';
      if (!text) {
        throw new HostkitError(
          'bad_response',
          `Deploi returned no kubeconfig for Kubernetes service ${i.id}; nothing was written. Check the service with deploi_get_kubernetes_info.`,
        );
      }
      const file = i.file;
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        // O_EXCL: never replace a file that exists (a model-chosen path must not clobber ~/.bashrc).
        handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new HostkitError(
          'invalid_input',
          code === 'EEXIST'
            ? `${quote(file)} already exists and is never overwritten; nothing was written. Choose a new file name.`
            : `Cannot create ${quote(file)} (${code ?? 'error'}); nothing was written. Choose a file in a folder that exists and is writable.`,
        );
      }
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
      const facts = kubeconfigFacts(text);
      const headline = `Saved the kubeconfig of Kubernetes service ${i.id} to ${quote(file)} (mode 0600${facts.clusters.length ? `; clusters ${facts.clusters.map(quote).join(', ')}` : ''}). Use it with kubectl --kubeconfig ${quote(file)}.`;
      // The headline says the file and the clusters already; the API servers are the one fact left.
      return {
        structured: { file, bytes: Buffer.byteLength(text), ...facts },
        headline,
        text: facts.servers.length
          ? `${headline}\nAPI servers: ${facts.servers.map(quote).join(', ')}`
          : headline,
      };
    },
  };
}
