import type { Command } from '../registry/define';

/** Deploi: dns. */
export const deploiDns: readonly Command[] = [];
