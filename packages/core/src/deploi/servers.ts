import type { Command } from '../registry/define';

/** Deploi: servers. */
export const deploiServers: readonly Command[] = [];
