import type { Command } from '../registry/define';

/** Deploi: monitoring. */
export const deploiMonitoring: readonly Command[] = [];
