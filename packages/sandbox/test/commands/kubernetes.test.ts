import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The kubernetes group through the core DeploiClient. The kubeconfig is a secret: the client gets
// it, but neither the sandbox's state nor its request log ever holds it.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const gib = 1024 ** 3;

describe('kubernetes', () => {
  it('lists the services of each client with their quotas', async () => {
    const [cluster] = t.sandbox.state.get().kubernetes;
    expect((await t.call('deploi_get_kubernetes')).kubernetes).toEqual([
      { id: cluster?.id, ram: 8, cpu: 4, disk: 20 },
    ]);
    expect((await t.call('deploi_get_kubernetes', { clientid: 102 })).kubernetes).toEqual([]);
  });

  it('reports resources in milli-CPUs and bytes', async () => {
    const [cluster] = t.sandbox.state.get().kubernetes;
    const info = await t.call('deploi_get_kubernetes_info', { id: cluster?.id });
    expect(info.kubernetesInfo.resources).toEqual({
      cpuAvailable: 4000,
      cpuUsed: cluster?.cpuUsed,
      diskAvailable: 20 * gib,
      diskUsed: cluster?.diskUsed,
      ramAvailable: 8 * gib,
      ramUsed: cluster?.ramUsed,
    });
    expect(await t.refusal('deploi_get_kubernetes_info', { id: 999_999 })).toMatchObject({
      apiMessage: 'No such Kubernetes service',
      messageId: -1,
    });
  });

  it('returns a stable kubeconfig that the state and the request log never hold', async () => {
    const [cluster] = t.sandbox.state.get().kubernetes;
    const { kubeconfig } = await t.call('deploi_get_kube_config', { id: cluster?.id });
    expect(kubeconfig).toMatch(/^apiVersion: v1\nkind: Config\n/);
    expect(kubeconfig).toContain(`server: https://k8s-${cluster?.id}.kube.deploi-sandbox.example:6443`);
    const token = /token: (\S+)/.exec(kubeconfig)?.[1] ?? '';
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.call('deploi_get_kube_config', { id: cluster?.id })).kubeconfig).toBe(kubeconfig);
    const log = JSON.stringify(t.sandbox.requests.entries());
    expect(log).toContain('GetKubeConfig');
    expect(log).not.toContain(token);
    expect(log).not.toContain('apiVersion');
    expect(JSON.stringify(t.sandbox.state.get())).not.toContain(token);
    expect(await t.refusal('deploi_get_kube_config', { id: 999_999 })).toMatchObject({
      apiMessage: 'No such Kubernetes service',
      messageId: -1,
    });
  });
});
