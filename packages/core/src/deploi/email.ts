import type { Command } from '../registry/define';

/** Deploi: email. */
export const deploiEmail: readonly Command[] = [];
