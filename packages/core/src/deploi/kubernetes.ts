import { z } from 'zod';
import { clientId, deploiReply, id, looseNumber, sessionRead } from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';

const kubernetesId = z.strictObject({
  id: id('The managed Kubernetes service id, from deploi_get_kubernetes.'),
});

/** Deploi: kubernetes. */
export const deploiKubernetes = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetKubernetes',
    group: 'kubernetes',
    title: 'List Deploi managed Kubernetes services',
    description:
      'Lists the managed Kubernetes services of the account with their id and quotas for all workloads: RAM and disk in GB, CPU in vCPUs.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      kubernetes: z
        .array(
          z.looseObject({
            id: looseNumber,
            ram: looseNumber.optional(),
            cpu: looseNumber.optional(),
            disk: looseNumber.optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'kubernetes', noun: 'Kubernetes service', columns: ['id', 'ram', 'cpu', 'disk'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetKubernetesInfo',
    group: 'kubernetes',
    title: 'Get resource use of a Deploi Kubernetes service',
    description:
      'Returns the resources of a managed Kubernetes service: CPU available and used in milli-CPU (1000 = 1 vCPU), disk and RAM available and allocated in bytes.',
    input: kubernetesId,
    output: deploiReply({
      kubernetesInfo: z
        .looseObject({
          resources: z
            .looseObject({
              cpuAvailable: looseNumber.optional(),
              cpuUsed: looseNumber.optional(),
              diskAvailable: looseNumber.optional(),
              diskUsed: looseNumber.optional(),
              ramAvailable: looseNumber.optional(),
              ramUsed: looseNumber.optional(),
            })
            .optional(),
        })
        .optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetKubeConfig',
    group: 'kubernetes',
    title: 'Get the kubeconfig of a Deploi Kubernetes service',
    description:
      'Returns the kubeconfig file (YAML) of a managed Kubernetes service, which holds the credentials for full access to the cluster: treat it as a secret, save it to a file for kubectl and never show or log it.',
    input: kubernetesId,
    output: deploiReply({ kubeconfig: z.string().optional() }),
    ...sessionRead,
    secrets: ['kubeconfig'],
    confirm: () => 'the kubeconfig holds the credentials for full access to the cluster',
    summary: (i) =>
      `Fetch the kubeconfig of Kubernetes service ${i.id}: full-access credentials to the cluster.`,
  }),
] as const satisfies readonly Command[];
