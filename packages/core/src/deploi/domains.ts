import type { Command } from '../registry/define';

/** Deploi: domains. */
export const deploiDomains: readonly Command[] = [];
