import type { Command } from '../registry/define';

/** Deploi: wordpress. */
export const deploiWordpress: readonly Command[] = [];
