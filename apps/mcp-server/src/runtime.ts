import { HostkitError } from '@hostkit/core';
import type { Server, ServerContext } from '@modelcontextprotocol/server';
import { allTools } from './all-tools';
import type { AuditLog } from './audit';
import { startBackend } from './backend';
import type { Config } from './config';
import type { Confirmer } from './confirm';
import { CALL_TOOL, callTarget, discoveryTools } from './discovery';
import { Journal, journalPathFor } from './journal';
import type { Logger } from './log';
import { type CallTool, invoke, type PipelineDeps, type Result } from './pipeline';
import { errorResult } from './result';

// Everything a tool call needs and `tools/list` does not: the registry's zod schemas, the API clients or
// the embedded sandbox, the pipeline. cli.ts imports this module on the first call (or just after the
// first listing), so start-up stays the MCP handshake and the precomputed catalog.

/** What the runtime is started with. */
export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  audit: AuditLog;
  confirmer: Confirmer;
  /** Names of the tools calls may reach (directly or through hostkit_call_tool). */
  scope: readonly string[];
  /** The secrets the logger redacts: the backend adds its own (the embedded sandbox's demo logins). */
  secrets: string[];
}

/** The loaded call side of the server. */
export interface Runtime {
  /** Runs one call (the discovery meta-tools included). */
  call: CallTool;
  /**
   * Runs a tool that only reads and asks nobody, whatever the toolsets (for resources and completions,
   * which a person asks for and which change nothing), through the same pipeline. Never throws.
   */
  read(name: string, args: Record<string, unknown>, ctx: ServerContext, server: Server): Promise<Result>;
  close(): Promise<void>;
}

/** Builds the tools in scope and starts the backend (the embedded sandbox, or the API clients). */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const names = new Set(options.scope);
  const every = allTools(config.deploi.clientId);
  const scope = new Map(every.filter((t) => names.has(t.name)).map((t) => [t.name, t]));
  const readers = new Map(every.filter((t) => t.risk === 'read' && !t.asks).map((t) => [t.name, t]));
  const callable = new Map(scope);
  for (const meta of discoveryTools(scope, config.confirm === 'confirm')) callable.set(meta.name, meta);
  const running = await startBackend(config, logger);
  options.secrets.push(...running.secrets);
  if (running.sandbox) logger.info(`embedded sandbox at ${running.sandbox.deploiUrl}`);
  let journal: Journal | undefined;
  if (!config.readOnly) {
    try {
      journal = new Journal(journalPathFor(config.auditLog));
    } catch (e) {
      // Changes still work and are audited; they just cannot be undone, which each result then says.
      logger.error(`cannot open the undo journal beside the audit log: ${(e as Error).message}`);
    }
  }
  const deps: PipelineDeps = {
    backend: running.backend,
    audit: options.audit,
    journal,
    confirmer: options.confirmer,
    policy: config.confirm,
    logger,
  };
  return {
    async call(name, args, ctx, server, toolsets) {
      const tool = callable.get(name);
      if (!tool) {
        return errorResult(
          new HostkitError(
            'unknown_command',
            `No tool is named "${name}" here. Find one with hostkit_search_tools.`,
          ),
        );
      }
      if (name !== CALL_TOOL) return invoke(deps, tool, args, ctx, server, toolsets);
      let target: ReturnType<typeof callTarget>;
      try {
        target = callTarget(scope, tool.parse(args));
      } catch (e) {
        return errorResult(e);
      }
      logger.log('info', 'hostkit.call', `${CALL_TOOL}: calls ${target.tool.name}`);
      return invoke(deps, target.tool, target.args, ctx, server, toolsets);
    },
    read(name, args, ctx, server) {
      const tool = readers.get(name);
      if (!tool)
        return Promise.resolve(errorResult(new HostkitError('unknown_command', `${name} is not a read.`)));
      return invoke(deps, tool, args, ctx, server);
    },
    close: () => running.close(),
  };
}
