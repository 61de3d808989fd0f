import { deploiErrors } from '../messages';
import type { KubernetesCluster } from '../model';
import { hashSecret } from '../state';
import { clientFor, findOwned, type HandlerContext, type HandlerMap, ofClient, ok } from './support';

// Deploi "kubernetes" group: managed Kubernetes services. The kubeconfig is derived from the service
// id whenever it is asked for, never stored: the state (and its file) holds no cluster credential,
// and the request log never holds reply fields, so it cannot leak there either.

const gib = 1024 ** 3;

function findCluster(ctx: HandlerContext, id: number): KubernetesCluster {
  return findOwned(ctx, ctx.state.kubernetes, (k) => k.id === id, deploiErrors.noSuchKubernetes);
}

/** A kubeconfig in the usual shape, with a token and CA derived from the id (same id, same file). */
export function kubeconfigFor(id: number): string {
  const name = `deploi-k8s-${id}`;
  const token = hashSecret(`kubeconfig-token:${id}`);
  const ca = Buffer.from(
    `-----BEGIN CERTIFICATE-----\n${hashSecret(`kubeconfig-ca:${id}`)}\n-----END CERTIFICATE-----\n`,
  ).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: https://k8s-${id}.kube.deploi-sandbox.example:6443`,
    `    certificate-authority-data: ${ca}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    'users:',
    `- name: ${name}-admin`,
    '  user:',
    `    token: ${token}`,
    '',
  ].join('\n');
}

/** Handlers of the kubernetes group, by wire name. */
export const kubernetesHandlers = {
  GetKubernetes: (ctx, input) => {
    const kubernetes = ofClient(ctx.state.kubernetes, clientFor(ctx, input.clientid)).map((k) => ({
      id: k.id,
      ram: k.ram,
      cpu: k.cpu,
      disk: k.disk,
    }));
    return ok({ kubernetes });
  },

  GetKubernetesInfo: (ctx, input) => {
    const k = findCluster(ctx, input.id);
    // Quotas are GB and vCPUs; the resources are bytes and milli-CPUs, as the docs' example shows.
    return ok({
      kubernetesInfo: {
        resources: {
          cpuAvailable: k.cpu * 1000,
          cpuUsed: k.cpuUsed,
          diskAvailable: k.disk * gib,
          diskUsed: k.diskUsed,
          ramAvailable: k.ram * gib,
          ramUsed: k.ramUsed,
        },
      },
    });
  },

  GetKubeConfig: (ctx, input) => {
    const k = findCluster(ctx, input.id);
    return ok({ kubeconfig: kubeconfigFor(k.id) });
  },
} satisfies HandlerMap<'deploi'>;
