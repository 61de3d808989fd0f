import { describe, expect, it } from 'vitest';
import { createdServers, creatorUser, remoteSshAuthority, sshArgs, validSshUser } from '../../src/model/ssh';

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const log = [
  line({
    phase: 'intent',
    tool: 'deploi_create_virtual_server',
    outcome: 'pending',
    arguments: { name: 'api-01', username: 'x' },
  }),
  line({
    phase: 'outcome',
    tool: 'deploi_create_virtual_server',
    outcome: 'ok',
    arguments: { name: 'api-01', clientid: 101, username: 'deploy' },
  }),
  line({
    phase: 'outcome',
    tool: 'deploi_create_virtual_server',
    outcome: 'error',
    arguments: { name: 'api-02', username: 'bob' },
  }),
  line({
    phase: 'outcome',
    tool: 'deploi_create_virtual_server',
    outcome: 'ok',
    arguments: { name: 'twice', username: 'a' },
  }),
  line({
    phase: 'outcome',
    tool: 'deploi_create_virtual_server',
    outcome: 'ok',
    arguments: { name: 'twice', username: 'b' },
  }),
  '{"phase":"outcome","tool":"deploi_create_virtual_se',
].join('\n');

describe('ssh', () => {
  it('builds the command line and the Remote-SSH authority', () => {
    expect(sshArgs('192.0.2.10', 'admin')).toEqual(['admin@192.0.2.10']);
    expect(sshArgs('192.0.2.10', undefined)).toEqual(['192.0.2.10']);
    expect(remoteSshAuthority('192.0.2.10', 'admin')).toBe('ssh-remote+admin@192.0.2.10');
  });

  it('refuses user names that are not one', () => {
    expect(validSshUser('ubuntu')).toBeUndefined();
    for (const bad of ['-oProxyCommand=x', 'a b', 'root@x', '']) expect(validSshUser(bad)).toBeDefined();
  });

  it('knows the user of servers the agent created, only when that is unambiguous', () => {
    const created = createdServers(log);
    expect(created.map((c) => c.name)).toEqual(['api-01', 'twice', 'twice']);
    expect(creatorUser(created, { name: 'api-01', clientId: 101 }, 1)).toBe('deploy');
    expect(creatorUser(created, { name: 'api-01', clientId: 102 }, 1)).toBeUndefined();
    expect(creatorUser(created, { name: 'api-01', clientId: 101 }, 2)).toBeUndefined();
    expect(creatorUser(created, { name: 'twice' }, 1)).toBeUndefined();
    expect(creatorUser(created, { name: 'api-02' }, 1)).toBeUndefined();
  });
});
