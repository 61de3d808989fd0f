import type { Command } from '../registry/define';

/** Deploi: billing. */
export const deploiBilling: readonly Command[] = [];
