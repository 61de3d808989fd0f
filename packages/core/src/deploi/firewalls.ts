import type { Command } from '../registry/define';

/** Deploi: firewalls. */
export const deploiFirewalls: readonly Command[] = [];
