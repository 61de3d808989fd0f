import type { Command } from '../registry/define';

/** Deploi: kubernetes. */
export const deploiKubernetes: readonly Command[] = [];
