import type { Command } from '@hostkit/core';
import { accountHandlers } from './account';
import { backupHandlers } from './backups';
import { billingHandlers } from './billing';
import { databaseHandlers } from './databases';
import { dnsHandlers } from './dns';
import { domainHandlers } from './domains';
import { emailHandlers } from './email';
import { firewallHandlers } from './firewalls';
import { kubernetesHandlers } from './kubernetes';
import { monitoringHandlers } from './monitoring';
import { seflowHandlers } from './seflow';
import { serverHandlers } from './servers';
import { siteHandlers } from './sites';
import type { Handler, HandlerEntry, HandlerMap } from './support';
import { wafHandlers } from './waf';
import { wordpressHandlers } from './wordpress';

// Every handler file, keyed by the registry group it implements. To add a group: write
// handlers/<group>.ts exporting a HandlerMap, and add it here. Commands without a handler answer
// "<Wire> is not implemented in the Hostkit sandbox yet" (after their input has been validated).

/** Handler maps by registry group. */
export const handlersByGroup: Readonly<Record<string, HandlerMap>> = {
  account: accountHandlers,
  servers: serverHandlers,
  dns: dnsHandlers,
  seflow: seflowHandlers,
  monitoring: monitoringHandlers,
  domains: domainHandlers,
  firewalls: firewallHandlers,
  waf: wafHandlers,
  billing: billingHandlers,
  sites: siteHandlers,
  wordpress: wordpressHandlers,
  databases: databaseHandlers,
  email: emailHandlers,
  kubernetes: kubernetesHandlers,
  backups: backupHandlers,
};

/** The handler of a registry command, if the sandbox has one. */
export function findHandler(command: Command): Handler | HandlerEntry | undefined {
  const map = handlersByGroup[command.group];
  return map && Object.hasOwn(map, command.wire) ? map[command.wire] : undefined;
}
