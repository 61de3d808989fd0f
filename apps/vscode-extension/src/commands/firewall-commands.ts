import { outputOf } from '@hostkit/core';
import * as vscode from 'vscode';
import { deleteRuleInput, describeRule } from '../model/normalize';
import { isKind, type Node, type NodeOf } from '../tree/nodes';
import { withProgress } from '../ui/reporter';
import { childrenOfKind, choose, collect, whereOf } from './pick';
import { privateIpsNear, type RuleAnswers, ruleForm, TCP_NOTE } from './rule-form';
import { type ActionResult, type BatchResult, type CommandDeps, runAction, runBatch } from './run-action';

type FirewallNode = NodeOf<'firewall'>;
const ADD_RULE = 'deploi_add_firewall_rule';

/** hostkit.firewalls.*: refresh, add/delete port-forwarding rules, WAF and geo-blocking on/off. */
export function registerFirewallCommands(deps: CommandDeps): vscode.Disposable[] {
  const { firewalls } = deps;
  const prompter = () => deps.prompter();

  const firewallTarget = async (
    node: unknown,
    type: 'ip' | 'waf',
    title: string,
  ): Promise<FirewallNode | undefined> => {
    const n = node as Node | undefined;
    if (n?.kind === 'firewall') return n;
    if (n?.kind === 'info' && n.owner?.kind === 'firewall') return n.owner;
    const all = (await collect(firewalls, 'firewall')).filter(
      (f) => (f.firewall.type === 'waf') === (type === 'waf'),
    );
    return choose(prompter(), all, title, (f) => ({
      label: f.firewall.name,
      description: `firewall ${f.firewall.id} · ${whereOf(f)}`,
    }));
  };

  // Whether a firewall's rules, as last read, hold the rule given as AddFirewallRule/DeleteFirewallRule input.
  const hasRule = (key: string, input: RuleAnswers) =>
    (firewalls.detailsOf(key)?.rules ?? []).some(
      (r) =>
        r.srcIp === input['src-ip'] &&
        r.srcPort === input['src-port'] &&
        r.dstIp === input['dst-ip'] &&
        r.dstPort === input['dst-port'],
    );

  const addRule = async (node?: unknown): Promise<ActionResult | undefined> => {
    const f = await firewallTarget(node, 'ip', 'Add a rule to which firewall?');
    if (!f) return undefined;
    const id = f.firewall.id;
    const publicIps = await firewallPublicIps(deps, f);
    const answers = await ruleForm(deps, f, publicIps, await privateIpsNear(deps, f));
    if (!answers) return undefined;
    const shown = `${answers['src-ip']}:${answers['src-port']} → ${answers['dst-ip']}:${answers['dst-port']} from ${answers['src-cidr']}`;
    return runAction(deps, {
      account: f.scope.account,
      tool: ADD_RULE,
      input: { id, ...answers },
      question: `Add the TCP rule ${shown} to firewall "${f.firewall.name}" (id ${id})?`,
      detail: `The service on the private server becomes reachable on the public IP at once, from the source addresses given. ${TCP_NOTE}`,
      verb: 'Add rule',
      progress: `Adding rule to ${f.firewall.name}…`,
      done: `Added rule ${shown}`,
      alwaysConfirm: true,
      reread: `the rules of ${f.firewall.name}`,
      refresh: () => firewalls.reloadKey(f.key),
      check: () =>
        hasRule(f.key, answers)
          ? 'The rule is on the firewall now: it was added.'
          : 'The rule is not on the firewall: it was not added.',
    });
  };

  const deleteRules = (rules: NodeOf<'rule'>[]): Promise<BatchResult | ActionResult> => {
    const calls = rules.flatMap((r) => {
      const input = deleteRuleInput(r.firewall.id, r.rule);
      return input
        ? [
            {
              account: r.scope.account,
              input,
              label: `${describeRule(r.rule)} (${r.firewall.name})`,
              node: r,
            },
          ]
        : [];
    });
    if (calls.length < rules.length) {
      void vscode.window.showErrorMessage(
        'A selected rule lacks a field Deploi needs to delete it; refresh the firewall and try again.',
      );
      return Promise.resolve('failed');
    }
    return runBatch(deps, {
      tool: 'deploi_delete_firewall_rule',
      calls,
      question: `Delete ${calls.length} firewall rules?`,
      detail: `The forwarded services become unreachable from outside at once:\n${calls.map((c) => `• ${c.label}`).join('\n')}`,
      verb: 'Delete rules',
      progress: `Deleting ${calls.length} firewall rules…`,
      refresh: async () => {
        for (const key of new Set(rules.map((r) => r.key))) await firewalls.reloadKey(key);
      },
      applied: (c) => !hasRule(c.node.key, c.input),
    });
  };

  const deleteRule = async (
    node?: unknown,
    selected?: unknown,
  ): Promise<ActionResult | BatchResult | undefined> => {
    const many = (Array.isArray(selected) ? selected : []).filter((x): x is NodeOf<'rule'> =>
      isKind(x, 'rule'),
    );
    if (many.length > 1) return deleteRules(many);
    let n = node as Node | undefined;
    if (n?.kind !== 'rule') {
      const f = await firewallTarget(node, 'ip', 'Delete a rule of which firewall?');
      if (!f) return undefined;
      n = await choose(prompter(), await childrenOfKind(firewalls, f, 'rule'), 'Delete which rule?', (r) => ({
        label: describeRule(r.rule),
      }));
      if (!n) return undefined;
    }
    const rule = n;
    const input = deleteRuleInput(rule.firewall.id, rule.rule);
    if (!input) {
      void vscode.window.showErrorMessage(
        'This rule lacks a field Deploi needs to delete it; refresh the firewall and try again.',
      );
      return 'failed';
    }
    const result = await runAction(deps, {
      account: rule.scope.account,
      tool: 'deploi_delete_firewall_rule',
      input,
      question: `Delete the rule ${describeRule(rule.rule)} of firewall "${rule.firewall.name}" (id ${rule.firewall.id})?`,
      detail: 'The forwarded service becomes unreachable from outside at once.',
      verb: 'Delete rule',
      progress: `Deleting rule of ${rule.firewall.name}…`,
      done: `Deleted rule ${describeRule(rule.rule)}`,
      reread: `the rules of ${rule.firewall.name}`,
      refresh: () => firewalls.reloadKey(rule.key),
      check: () =>
        hasRule(rule.key, input)
          ? 'The rule is still on the firewall: the delete did not take effect.'
          : 'The rule is gone: the delete took effect.',
    });
    return result;
  };

  const proxyAction =
    (tool: string, verb: string, what: string, detail: string) =>
    async (node?: unknown): Promise<ActionResult | undefined> => {
      let n = node as Node | undefined;
      if (n?.kind !== 'proxy') {
        const f = await firewallTarget(node, 'waf', `${verb} ${what}: which WAF firewall?`);
        if (!f) return undefined;
        n = await choose(
          prompter(),
          await childrenOfKind(firewalls, f, 'proxy'),
          `${verb} ${what}: which site?`,
          (p) => ({
            label: p.proxy.name,
            description: p.proxy.domains.join(', '),
          }),
        );
        if (!n) return undefined;
      }
      const p = n;
      const site = `"${p.proxy.name}" (reverse proxy ${p.proxy.id} on firewall "${p.firewall.name}")`;
      const result = await runAction(deps, {
        account: p.scope.account,
        tool,
        input: { id: p.firewall.id, reverseProxyId: p.proxy.id },
        question: `${verb} ${what} for ${site}?`,
        detail,
        verb,
        progress: `${verb.replace(/e$/, '')}ing ${what} for ${p.proxy.name}…`,
        done: `${what} ${verb === 'Enable' ? 'enabled' : 'disabled'} for ${p.proxy.name}`,
        reread: `the settings of ${p.proxy.name}`,
        refresh: () => firewalls.reloadKey(p.key),
      });
      return result;
    };

  return [
    vscode.commands.registerCommand('hostkit.firewalls.addRule', addRule),
    vscode.commands.registerCommand('hostkit.firewalls.deleteRule', deleteRule),
    vscode.commands.registerCommand(
      'hostkit.firewalls.enableWaf',
      proxyAction(
        'deploi_enable_waf',
        'Enable',
        'the web application firewall',
        'Attacks are filtered before they reach the server; legitimate requests that look like attacks may be blocked.',
      ),
    ),
    vscode.commands.registerCommand(
      'hostkit.firewalls.disableWaf',
      proxyAction(
        'deploi_disable_waf',
        'Disable',
        'the web application firewall',
        'Traffic still passes the proxy but attacks are no longer filtered. This weakens security at once.',
      ),
    ),
    vscode.commands.registerCommand(
      'hostkit.firewalls.enableGeoBlocking',
      proxyAction(
        'deploi_enable_geo_block',
        'Enable',
        'geo-blocking',
        'Visitors from blocked countries are stopped at once.',
      ),
    ),
    vscode.commands.registerCommand(
      'hostkit.firewalls.disableGeoBlocking',
      proxyAction(
        'deploi_disable_geo_block',
        'Disable',
        'geo-blocking',
        'Visitors from every country reach the site again. This weakens security at once.',
      ),
    ),
  ];
}

/** The firewall's public IPv4s to offer for a new rule; empty (free text then) if the read fails. */
async function firewallPublicIps(deps: CommandDeps, f: FirewallNode): Promise<string[]> {
  try {
    const reply = await withProgress(`Reading public IPs of ${f.firewall.name}…`, (signal) =>
      deps.pool.call(f.scope.account, 'deploi_get_firewall_public_ips', { id: f.firewall.id }, signal),
    );
    return outputOf(reply).publicIPv4s ?? [];
  } catch (e) {
    deps.reporter.log('Reading firewall public IPs', e);
    return [];
  }
}
