import type { SandboxState, Scale } from './model';
import { createRandom } from './prng';
import { addDomain, addFirewall, addServer } from './seed-builders';
import {
  demoClients,
  demoCredentials,
  demoDedicatedServers,
  demoDomains,
  demoServerNames,
  demoUser,
  domainWords,
  serverRoles,
} from './seed-data';
import { seedExtras } from './seed-extras';
import { allocatePrivateIp, allocatePublicIp, emptyState, hashSecret } from './state';

// Builds the starting state from a seed number. Pure: the same seed and scale give the same state,
// byte for byte (no clock, no Math.random). Order of generation matters for ids and addresses, so
// add new kinds of records at the end (seed-extras) rather than in between.

/** The seeded state for `seed` at `scale`. */
export function seedState(seed: number, scale: Scale): SandboxState {
  const rng = createRandom(seed);
  const state = emptyState(seed, scale);
  state.clients = demoClients.map((c) => ({ ...c }));
  state.users.push({
    id: demoUser.id,
    email: demoCredentials.deploi.username,
    passwordHash: hashSecret(demoCredentials.deploi.password),
    firstname: demoUser.firstname,
    lastname: demoUser.lastname,
    twoFactor: false,
    clientIds: state.clients.map((c) => c.id),
  });
  // SeFlow first, then firewalls, then servers: at scale the documentation pool runs out, and the
  // servers are the ones that can do without a public address.
  seedSeflow(state);
  const firewallCount = scale === 'scale' ? 100 : 0;
  for (let i = 0; i < firewallCount; i++) {
    const clientId = i % 2 === 0 ? 101 : 102;
    addFirewall(state, rng, clientId, `fw-${String(i + 1).padStart(3, '0')}`, i % 10 === 9 ? 'waf' : 'ip');
  }
  if (scale === 'demo') {
    for (const [name, clientId] of demoServerNames) addServer(state, rng, clientId, name);
    const off = state.servers.find((s) => s.name === 'legacy-erp-01');
    if (off) off.status = 'off';
  } else {
    for (let i = 0; i < 1000; i++) {
      const name = `${rng.pick(serverRoles)}-${String(i + 1).padStart(4, '0')}`;
      const server = addServer(state, rng, i % 2 === 0 ? 101 : 102, name);
      if (rng.chance(0.02)) server.status = 'off';
    }
  }
  if (scale === 'demo') {
    for (const [name, clientId] of demoDomains) addDomain(state, rng, clientId, name, true);
    const external = state.domains.find((d) => d.name === 'polarlys-studio.example');
    if (external) {
      external.defaultNameServers = false;
      external.nameServers = ['ns1.external-dns.example', 'ns2.external-dns.example'];
    }
  } else {
    for (let i = 0; i < 500; i++) {
      const name = `${rng.pick(domainWords)}-${rng.pick(domainWords)}-${String(i + 1).padStart(4, '0')}.example`;
      addDomain(state, rng, i % 2 === 0 ? 101 : 102, name, false);
    }
  }
  if (scale === 'demo') {
    addFirewall(state, rng, 101, 'Nordlys Edge', 'ip');
    addFirewall(state, rng, 101, 'Nordlys WAF', 'waf');
    addFirewall(state, rng, 102, 'Fjell Office', 'ip');
  }
  seedExtras(state, rng);
  return state;
}

function seedSeflow(state: SandboxState): void {
  state.seflow.username = demoCredentials.seflow.username;
  state.seflow.keyHash = hashSecret(demoCredentials.seflow.key);
  for (const spec of demoDedicatedServers) {
    const primaryIp = allocatePublicIp(state) ?? allocatePrivateIp(state);
    const extra = allocatePublicIp(state);
    state.seflow.servers.push({
      name: spec.name,
      status: spec.status,
      primaryIp,
      ips: extra ? [primaryIp, extra] : [primaryIp],
      rebootUntil: null,
      lastRebootAt: null,
      cpu: spec.cpu,
      ramGb: spec.ramGb,
    });
    state.seflow.rdns[primaryIp] = `${spec.name.toLowerCase()}.seflow-demo.example`;
  }
  const active = state.seflow.servers.filter((s) => s.status === 'active');
  for (let i = 0; i < 2; i++) {
    const ip = allocatePublicIp(state);
    const target = active[i % active.length];
    if (ip && target) state.seflow.portableIps.push({ ip, routedTo: target.primaryIp });
  }
}
