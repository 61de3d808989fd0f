import type { Command, Provider } from '@hostkit/core';
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
import type { Handler, HandlerEntry, HandlerMap, Handlers } from './support';
import { wafHandlers } from './waf';
import { wordpressHandlers } from './wordpress';

// Every handler file, keyed by the registry group it implements, and merged into one map per provider
// keyed by wire name. To add a group: write handlers/<group>.ts exporting a HandlerMap, and add it to both.
// A command of the registry without a handler does not compile (`Handlers<P>` has every wire name).

/** Handler maps by registry group (the lifecycle test checks each holds only its group's commands). */
export const handlersByGroup: Readonly<Record<string, HandlerMap<'deploi'> | HandlerMap<'seflow'>>> = {
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

/** Every Deploi handler, by wire name. */
export const deploiHandlers: Handlers<'deploi'> = {
  ...accountHandlers,
  ...serverHandlers,
  ...dnsHandlers,
  ...monitoringHandlers,
  ...domainHandlers,
  ...firewallHandlers,
  ...wafHandlers,
  ...billingHandlers,
  ...siteHandlers,
  ...wordpressHandlers,
  ...databaseHandlers,
  ...emailHandlers,
  ...kubernetesHandlers,
  ...backupHandlers,
};

/** Every SeFlow handler, by action name. */
export const seflowActionHandlers: Handlers<'seflow'> = seflowHandlers;

// Where the wire name is only known at run time, a handler takes whatever input its command parsed;
// `never` lets one type hold them all (the dispatcher passes parseInput's result for that command).
type AnyHandler = Handler<never> | HandlerEntry<never>;
const byProvider: Readonly<Record<Provider, Readonly<Record<string, AnyHandler>>>> = {
  deploi: deploiHandlers,
  seflow: seflowActionHandlers,
};

/** The handler of a registry command. */
export function findHandler(command: Command): AnyHandler | undefined {
  const map = byProvider[command.provider];
  return Object.hasOwn(map, command.wire) ? map[command.wire] : undefined;
}
