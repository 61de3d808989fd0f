import { deploiErrors } from '../messages';
import type { SshKey } from '../model';
import { findSite } from './site-support';
import { canAccess, clientFor, type DeploiInput, type HandlerMap, ofClient, ok, refuse } from './support';

// The SSH keys of site users (part of the sites group). A key belongs to a site user (GetSite's
// "name") of one client; GetSSHKeys shows it with the site that user runs.

// "ssh-ed25519 AAAA… me@laptop": the type and the key material identify a key; the comment does not.
function sameKey(a: string, b: string): boolean {
  const head = (k: string) => k.trim().split(/\s+/).slice(0, 2).join(' ');
  return head(a) === head(b);
}

function named(clientId: number, input: DeploiInput<'RemoveSSHKey'>) {
  return (k: SshKey) => k.clientId === clientId && k.name === input.name && k.keyname === input.keyname;
}

/**
 * GetSSHKeys sends `filteredbysite` beside `siteid` (core derives the flag): only a true flag makes
 * siteid a filter. A true flag without a siteid becomes `siteid: null`, which the input refuses.
 */
function getKeysFromWire(wire: Record<string, unknown>): Record<string, unknown> {
  const { filteredbysite, siteid, ...rest } = wire;
  if (filteredbysite === true) return { ...rest, siteid: siteid ?? null };
  if (filteredbysite === false) return rest;
  return wire;
}

/** SSH-key handlers of the sites group, by wire name. */
export const sshKeyHandlers = {
  GetSSHKeys: {
    fromWire: getKeysFromWire,
    handle: (ctx, input) => {
      const only = input.siteid === undefined ? undefined : findSite(ctx, input.siteid);
      const data = ctx.state.sshKeys.flatMap((k) => {
        const site = ctx.state.sites.find((s) => s.id === k.siteId);
        if (!site || !canAccess(ctx, k.clientId) || (only && site.id !== only.id)) return [];
        return [{ siteid: site.id, keyname: k.keyname, key: k.key, primarydomain: site.primarydomain }];
      });
      return ok({ data });
    },
  },

  AddSSHKey: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    // A user may run several sites (DuplicateSite keeps the user); the key is shown with the first.
    const site = ofClient(ctx.state.sites, client).find((s) => s.name === input.name);
    if (!site) return refuse(deploiErrors.noSuchSiteUser);
    if (ctx.state.sshKeys.some(named(client.id, input))) return refuse(deploiErrors.sshKeyExists);
    ctx.state.sshKeys.push({
      clientId: client.id,
      siteId: site.id,
      keyname: input.keyname,
      key: input.key,
      name: input.name,
    });
    return ok({}, 'Added a new ssh-key for user.', 113);
  },

  RemoveSSHKey: (ctx, input) => {
    const isNamed = named(clientFor(ctx, input.clientid).id, input);
    const index = ctx.state.sshKeys.findIndex((k) => isNamed(k) && sameKey(k.key, input.key));
    if (index < 0) return refuse(deploiErrors.noSuchSshKey);
    ctx.state.sshKeys.splice(index, 1);
    return ok({}, 'Removed ssh-key for user.', 114);
  },
} satisfies HandlerMap<'deploi'>;
