import * as vscode from 'vscode';
import { deleteRuleInput, describeRule } from '../model/normalize';
import { asArray, asObject } from '../model/read';
import type { Node, NodeOf } from '../tree/nodes';
import { withProgress } from '../ui/reporter';
import { fieldValidator, toInt } from './input-schema';
import { childrenOfKind, choose, collect, whereOf } from './pick';
import { type ActionResult, type CommandDeps, runAction } from './run-action';

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
  const hasRule = (key: string, input: Record<string, unknown>) =>
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
    const answers: Record<string, unknown> = { id };
    // A complete, valid rule so each field can be checked on its own against the schema.
    const sample = {
      id,
      'src-cidr': '0.0.0.0/0',
      'src-ip': '192.0.2.1',
      'src-port': 80,
      'dst-ip': '10.0.0.2',
      'dst-port': 80,
    };
    const publicIps = await firewallPublicIps(deps, f);
    const ask = async (field: keyof typeof sample, title: string, value: string, numeric = false) => {
      const text = await prompter().input({
        title: `New rule on ${f.firewall.name}: ${title}`,
        value,
        validate: fieldValidator(ADD_RULE, [field], (t) => {
          const v = numeric ? toInt(t) : t.trim();
          if (numeric && typeof v === 'string') return v;
          return { ...sample, ...answers, [field]: v };
        }),
      });
      if (text === undefined) return false;
      answers[field] = numeric ? Number(text.trim()) : text.trim();
      return true;
    };
    if (publicIps.length > 0) {
      const ip = await prompter().pick(
        publicIps.map((label) => ({ label })),
        { title: `New rule on ${f.firewall.name}: public IP to expose` },
      );
      if (!ip) return undefined;
      answers['src-ip'] = ip.label;
    } else if (!(await ask('src-ip', 'public IP to expose', ''))) return undefined;
    if (!(await ask('src-port', 'public port', '', true))) return undefined;
    if (!(await ask('dst-ip', 'private IP of the server', ''))) return undefined;
    if (!(await ask('dst-port', 'port on the server', String(answers['src-port'] ?? ''), true)))
      return undefined;
    if (!(await ask('src-cidr', 'allowed source addresses (CIDR; 0.0.0.0/0 is anyone)', '0.0.0.0/0')))
      return undefined;
    const shown = `${answers['src-ip']}:${answers['src-port']} → ${answers['dst-ip']}:${answers['dst-port']} from ${answers['src-cidr']}`;
    const result = await runAction(deps, {
      account: f.scope.account,
      tool: ADD_RULE,
      input: answers,
      question: `Add the rule ${shown} to firewall "${f.firewall.name}" (id ${id})?`,
      detail:
        'The service on the private server becomes reachable on the public IP at once, from the source addresses given.',
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
    return result;
  };

  const deleteRule = async (node?: unknown): Promise<ActionResult | undefined> => {
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
    return asArray(asObject(reply)?.publicIPv4s).filter((x): x is string => typeof x === 'string');
  } catch (e) {
    deps.reporter.log('Reading firewall public IPs', e);
    return [];
  }
}
