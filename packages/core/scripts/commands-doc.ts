import type { Command } from '../src/registry/define';

function summary(description: string): string {
  const first = description.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? description;
  return first.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

// A `confirm` rule that ignores its input applies to every call of the command.
function asks(c: Command): string {
  if (c.risk === 'destructive' || c.billable || (c.confirm && c.confirm.length === 0)) return 'always';
  return c.confirm ? 'by input' : 'no';
}

/** The generated command reference: one row per command, from the registry alone. */
export function renderCommandsDoc(commands: readonly Command[]): string {
  const head = [
    '# Command reference',
    '',
    '<!-- Generated from the registry by `pnpm docs`; a test fails when it drifts. Do not edit. -->',
    '',
    `${commands.length} commands: ${commands.filter((c) => c.provider === 'deploi').length} Deploi, ${commands.filter((c) => c.provider === 'seflow').length} SeFlow.`,
    'Risk: `read` changes nothing; `write` changes something recoverable; `destructive` loses data, disrupts service,',
    'weakens security or moves ownership. Billable commands cost money. Auth: `none`, `session` (Deploi token), `apikey` (SeFlow).',
    'Asks: whether a human confirms the call first (`by input`: when its arguments open access, move mail or traffic, and the like).',
    '',
    '| Tool | Wire name | Group | Risk | Billable | Asks | Idempotent | Auth | Summary |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = commands.map(
    (c) =>
      `| \`${c.tool}\` | \`${c.wire}\` | ${c.group} | ${c.risk} | ${c.billable ? 'yes' : 'no'} | ${asks(c)} | ${c.idempotent ? 'yes' : 'no'} | ${c.auth} | ${summary(c.description)} |`,
  );
  return `${[...head, ...rows].join('\n')}\n`;
}
