import type { Command } from '../registry/define';

/** Deploi: account. */
export const deploiAccount: readonly Command[] = [];
