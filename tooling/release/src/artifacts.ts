import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGES, pnpmPack, run } from './pack.js';

/** The artifacts a release publishes that the tests install: the two npm tarballs and the .mcpb. */
export type Artifact = 'core' | 'mcp-server' | 'mcpb';

const NAMES: Record<Artifact, RegExp> = {
  core: /^hostkit-core-\d.*\.tgz$/,
  'mcp-server': /^hostkit-mcp-server-\d.*\.tgz$/,
  mcpb: /^hostkit-\d.*\.mcpb$/,
};

/**
 * The artifact to test. `pnpm release:check` packs every artifact into one folder first and names it in
 * HOSTKIT_RELEASE_DIR, so the files tested are the files that would be published; otherwise (`pnpm test`)
 * it is packed here into `scratch`.
 */
export function artifact(kind: Artifact, scratch: string): string {
  const released = process.env.HOSTKIT_RELEASE_DIR;
  if (released) {
    const file = readdirSync(released).find((f) => NAMES[kind].test(f));
    if (!file) throw new Error(`no ${kind} artifact in ${released}`);
    return join(released, file);
  }
  return packArtifact(kind, scratch);
}

/** Packs one artifact into `outDir` and returns its path. */
export function packArtifact(kind: Artifact, outDir: string): string {
  if (kind === 'core') return pnpmPack(PACKAGES.core, outDir);
  if (kind === 'mcp-server') return pnpmPack(PACKAGES.mcpServer, outDir);
  const out = run(process.execPath, [join(PACKAGES.mcpServer, 'scripts', 'pack-mcpb.mjs'), '--out', outDir], {
    cwd: PACKAGES.mcpServer,
  });
  return out.trim().split('\n').at(-1) as string;
}
