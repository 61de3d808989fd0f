// The part of VS Code's when-clause language the manifest uses (==, !=, =~ /re/, !, &&, ||, parentheses),
// so tests can say whether a menu entry shows for an item without a person right-clicking it.

export type WhenContext = Readonly<Record<string, string | boolean | number | undefined>>;

type Token =
  | { kind: 'op'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'regex'; value: RegExp };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|=~|&&|\|\||!|\(|\))/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', value: op[0] });
      i += op[0].length;
      continue;
    }
    const previous = tokens.at(-1);
    if (rest.startsWith('/') && previous?.kind === 'op' && previous.value === '=~') {
      const m = /^\/((?:\\.|[^/\\])+)\/([a-z]*)/.exec(rest);
      if (!m) throw new Error(`bad regular expression in "${text}"`);
      tokens.push({ kind: 'regex', value: new RegExp(m[1] ?? '', m[2]) });
      i += m[0].length;
      continue;
    }
    const quoted = /^'([^']*)'/.exec(rest);
    if (quoted) {
      tokens.push({ kind: 'word', value: quoted[1] ?? '' });
      i += quoted[0].length;
      continue;
    }
    const word = /^[^\s()!=&|]+/.exec(rest);
    if (!word) throw new Error(`cannot read "${rest}" in "${text}"`);
    tokens.push({ kind: 'word', value: word[0] });
    i += word[0].length;
  }
  return tokens;
}

/** Whether `when` holds in `context`; a missing clause always holds. */
export function whenHolds(when: string | undefined, context: WhenContext): boolean {
  if (!when) return true;
  const tokens = tokenize(when);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (v: string) => {
    const t = peek();
    return t?.kind === 'op' && t.value === v;
  };
  const truthy = (v: unknown) => v !== undefined && v !== false && v !== '' && v !== 0;
  const or = (): boolean => {
    let v = and();
    while (isOp('||')) {
      at++;
      v = and() || v;
    }
    return v;
  };
  const and = (): boolean => {
    let v = unary();
    while (isOp('&&')) {
      at++;
      v = unary() && v;
    }
    return v;
  };
  const unary = (): boolean => {
    if (isOp('!')) {
      at++;
      return !unary();
    }
    if (isOp('(')) {
      at++;
      const v = or();
      if (!isOp(')')) throw new Error(`missing ) in "${when}"`);
      at++;
      return v;
    }
    const key = tokens[at++];
    if (key?.kind !== 'word') throw new Error(`expected a context key in "${when}"`);
    const actual = context[key.value];
    if (isOp('==') || isOp('!=') || isOp('=~')) {
      const op = (tokens[at++] as { value: string }).value;
      const right = tokens[at++];
      if (op === '=~') {
        if (right?.kind !== 'regex') throw new Error(`=~ needs a regular expression in "${when}"`);
        return right.value.test(String(actual ?? ''));
      }
      const same = String(actual ?? '') === String(right?.value ?? '');
      return op === '==' ? same : !same;
    }
    return truthy(actual);
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`unexpected text after position ${at} in "${when}"`);
  return result;
}

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

/** Whether `menu` of the manifest shows `command` in `context`. */
export function menuOffers(
  manifest: { contributes: { menus: Record<string, MenuEntry[]> } },
  menu: string,
  command: string,
  context: WhenContext,
): boolean {
  return (manifest.contributes.menus[menu] ?? []).some(
    (e) => e.command === command && whenHolds(e.when, context),
  );
}
