import type { Command } from '../registry/define';

/** Deploi: sites. */
export const deploiSites: readonly Command[] = [];
