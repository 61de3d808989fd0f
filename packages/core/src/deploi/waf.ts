import type { Command } from '../registry/define';

/** Deploi: waf. */
export const deploiWaf: readonly Command[] = [];
