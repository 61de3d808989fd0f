import type { Command } from '../registry/define';

/** Deploi: databases. */
export const deploiDatabases: readonly Command[] = [];
