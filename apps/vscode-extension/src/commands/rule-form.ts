import { type CommandByTool, type CommandInput, isPrivateCidr } from '@hostkit/core';
import type { NodeOf } from '../tree/nodes';
import { BACK, type StepInfo } from '../ui/step';
import { type FieldWords, fieldValidator, toInt } from './input-schema';
import { collect } from './pick';
import type { CommandDeps } from './run-action';
import { runSteps, type Step } from './wizard';

const ADD_RULE = 'deploi_add_firewall_rule' as const;

/** Said wherever a rule is made: AddFirewallRule has no protocol field, and every rule Deploi documents is TCP. */
export const TCP_NOTE = 'Deploi forwards TCP: the API takes no protocol, and every rule it documents is TCP.';

/** AddFirewallRule's fields as the form collects them: its input, less the firewall the form is for. */
export type RuleAnswers = Omit<CommandInput<CommandByTool<typeof ADD_RULE>>, 'id'>;

/** A private IP of a known server: what the "private IP" step offers. */
export interface PrivateTarget {
  ip: string;
  server: string;
}

/** The private IPs of the servers of the firewall's client that Hostkit knows (their IPs joined in). */
export async function privateIpsNear(deps: CommandDeps, f: NodeOf<'firewall'>): Promise<PrivateTarget[]> {
  const servers = (await collect(deps.servers, 'server')).filter(
    (s) => s.scope.account.id === f.scope.account.id && s.scope.clientId === f.scope.clientId,
  );
  return servers.flatMap((s) =>
    deps.servers
      .ipsOf(s)
      .filter((ip) => !ip.includes(':') && isPrivateCidr(`${ip}/32`))
      .map((ip) => ({ ip, server: s.server.name })),
  );
}

/**
 * The port-forwarding rule form: a step counter and Back; the public IP picked from the firewall's own,
 * the private IP from the known servers of its client (or typed); every answer checked by core's schema.
 */
export function ruleForm(
  deps: CommandDeps,
  f: NodeOf<'firewall'>,
  publicIps: readonly string[],
  targets: readonly PrivateTarget[],
): Promise<RuleAnswers | undefined> {
  const p = () => deps.prompter();
  const title = (what: string) => `New TCP rule on ${f.firewall.name}: ${what}`;
  // A complete, valid rule so each field can be checked on its own against the schema.
  const sample: RuleAnswers = {
    'src-ip': '192.0.2.1',
    'src-port': 80,
    'dst-ip': '10.0.0.2',
    'dst-port': 80,
    'src-cidr': '0.0.0.0/0',
  };
  const typed =
    (
      field: keyof RuleAnswers,
      what: string,
      prompt: string,
      words: FieldWords,
      numeric = false,
      fallback?: (a: RuleAnswers) => string,
    ) =>
    async (a: RuleAnswers, step: StepInfo): Promise<RuleAnswers | typeof BACK | undefined> => {
      const current = a[field] === initial[field] ? (fallback?.(a) ?? '') : String(a[field]);
      const text = await p().inputStep(
        {
          title: title(what),
          prompt,
          value: current,
          validate: fieldValidator(
            ADD_RULE,
            [field],
            (t) => {
              const v = numeric ? toInt(t) : t.trim();
              if (numeric && typeof v === 'string') return v;
              return { id: f.firewall.id, ...sample, ...a, [field]: v };
            },
            words,
          ),
        },
        step,
      );
      if (text === BACK || text === undefined) return text;
      return { ...a, [field]: numeric ? Number(text.trim()) : text.trim() };
    };
  const OTHER = 'Another address…';
  const typedDst = typed(
    'dst-ip',
    'private IP of the server',
    'The private IPv4 of the server behind the firewall',
    {
      label: 'The private IP',
    },
  );
  const steps: Step<RuleAnswers>[] = [
    publicIps.length > 0
      ? {
          ask: async (a, step) => {
            const ip = await p().pickStep(
              publicIps.map((label) => ({ label, description: 'public IP of the firewall' })),
              { title: title('public IP to expose'), placeHolder: TCP_NOTE },
              step,
            );
            return ip === BACK || ip === undefined ? ip : { ...a, 'src-ip': ip.label };
          },
        }
      : {
          ask: typed('src-ip', 'public IP to expose', 'A public IPv4 of the firewall', {
            label: 'The public IP',
          }),
        },
    {
      ask: typed(
        'src-port',
        'public port',
        `The port to open on the public IP. ${TCP_NOTE}`,
        { label: 'The port' },
        true,
      ),
    },
    {
      ask: async (a, step) => {
        if (targets.length === 0) return typedDst(a, step);
        const picked = await p().pickStep(
          [
            ...targets.map((t) => ({ label: t.ip, description: t.server })),
            { label: OTHER, description: 'type it' },
          ],
          {
            title: title('private IP of the server'),
            placeHolder: 'A server of this client, by its private IP',
          },
          step,
        );
        if (picked === BACK || picked === undefined) return picked;
        if (picked.label !== OTHER) return { ...a, 'dst-ip': picked.label };
        return typedDst(a, step);
      },
    },
    {
      ask: typed(
        'dst-port',
        'port on the server',
        'The port the service listens on',
        { label: 'The port' },
        true,
        (a) => String(a['src-port']),
      ),
    },
    {
      ask: typed(
        'src-cidr',
        'allowed source addresses (CIDR; 0.0.0.0/0 is anyone)',
        'Keep it as narrow as you can: 203.0.113.7/32 is one address',
        { label: 'The source' },
        false,
        () => '0.0.0.0/0',
      ),
    },
  ];
  // Unanswered fields hold these markers until their step is answered.
  const initial: RuleAnswers = { 'src-ip': '', 'src-port': 0, 'dst-ip': '', 'dst-port': 0, 'src-cidr': '' };
  return runSteps(steps, initial);
}
