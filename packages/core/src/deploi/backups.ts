import type { Command } from '../registry/define';

/** Deploi: backups. */
export const deploiBackups: readonly Command[] = [];
