#!/usr/bin/env -S tsx --conditions=@hostkit/source
import { parseArgs } from 'node:util';
import type { Scale } from './model';
import { type SandboxOptions, startSandbox } from './sandbox';

// `pnpm sandbox`: runs the sandbox in the foreground until Ctrl-C, printing where it listens and how
// to log in. Everything it prints is public demo data.

const usage = `Usage: pnpm sandbox [options]

  --port <n>                 TCP port on 127.0.0.1 (default 4010; 0 picks a free one)
  --seed <n>                 seed of the generated state (default 1)
  --scale <demo|scale|troubled>  demo account, 1,000 servers / 500 domains / 100 firewalls, or the
                             demo with planted faults for hostkit_diagnose
  --state-file <path>        keep the state in this JSON file across runs
  --two-factor               the demo login needs a two-factor code
  --token-ttl <ms>           Deploi session token lifetime (default 3600000)
  --provisioning-delay <ms>  how long a new server stays "creating" (default 3000)
  --help                     show this text`;

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, not "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      'state-file': { type: 'string' },
      'two-factor': { type: 'boolean' },
      'token-ttl': { type: 'string' },
      'provisioning-delay': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.scale !== undefined && !['demo', 'scale', 'troubled'].includes(String(values.scale))) {
    throw new Error(`--scale must be "demo", "scale" or "troubled", not "${values.scale}"`);
  }
  const options: SandboxOptions = { port: number('port', values.port) ?? 4010 };
  const seed = number('seed', values.seed);
  const tokenTtlMs = number('token-ttl', values['token-ttl']);
  const provisioningDelayMs = number('provisioning-delay', values['provisioning-delay']);
  if (seed !== undefined) options.seed = seed;
  if (values.scale !== undefined) options.scale = values.scale as Scale;
  if (values['state-file'] !== undefined) options.stateFile = values['state-file'];
  if (values['two-factor']) options.requireTwoFactor = true;
  if (tokenTtlMs !== undefined) options.tokenTtlMs = tokenTtlMs;
  if (provisioningDelayMs !== undefined) options.provisioningDelayMs = provisioningDelayMs;

  const sandbox = await startSandbox(options);
  const { deploi, seflow } = sandbox.credentials;
  console.log(`Hostkit sandbox (seed ${sandbox.state.get().seed}, ${sandbox.state.get().scale}) on 127.0.0.1:${sandbox.port}

  Deploi API   POST ${sandbox.deploiUrl}
  SeFlow API   GET  ${sandbox.seflowUrl}
  Graphs            ${sandbox.graphsBaseUrl}
  Control           ${sandbox.controlUrl}  (state, requests, faults, reset)

  Deploi login      ${deploi.username} / ${deploi.password}${deploi.twoFactorCode ? `  (two-factor code ${deploi.twoFactorCode})` : ''}
  SeFlow            username ${seflow.username}, key ${seflow.key}
${options.stateFile ? `\n  State file        ${options.stateFile}\n` : ''}
Ctrl-C stops it.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    sandbox.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`hostkit-sandbox: ${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  process.exit(1);
});
