import {
  type GetPromptResult,
  type ListPromptsResult,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import { CALL_TOOL } from '../catalog';
import { PROMPTS, type PromptDefinition, type PromptView } from './definitions';

/** What prompts are rendered for: the tools this server serves, and its modes. */
export interface PromptScope {
  /** Tools in `tools/list`. */
  listed: ReadonlySet<string>;
  /** Tools a call may reach (directly, or through hostkit_call_tool when it is listed). */
  reachable: ReadonlySet<string>;
  readOnly: boolean;
  confirming: boolean;
}

/** The longest argument value taken: longer than any name, address or id a prompt asks for. */
const MAX_ARGUMENT = 253;

function reachable(scope: PromptScope, name: string): boolean {
  return scope.listed.has(name) || (scope.listed.has(CALL_TOOL) && scope.reachable.has(name));
}

/**
 * The prompts this server offers: those whose every named tool it serves. Under --read-only a prompt
 * that exists to change something is not offered, and a report prompt names only its reads.
 */
export function offeredPrompts(scope: PromptScope): PromptDefinition[] {
  return PROMPTS.filter((p) => {
    if (scope.readOnly && p.readOnly === 'omit') return false;
    const named = scope.readOnly ? p.reads : [...p.reads, ...p.writes];
    return named.every((t) => reachable(scope, t));
  });
}

export function promptView(scope: PromptScope): PromptView {
  return {
    readOnly: scope.readOnly,
    confirming: scope.confirming,
    tool: (name) => (scope.listed.has(name) ? name : `${name} (through ${CALL_TOOL}, with name "${name}")`),
  };
}

export function listPrompts(scope: PromptScope): ListPromptsResult {
  return {
    prompts: offeredPrompts(scope).map((p) => ({
      name: p.name,
      title: p.title,
      description: p.description,
      arguments: p.arguments.map((a) => ({ name: a.name, description: a.description, required: a.required })),
    })),
  };
}

/** `prompts/get`: the prompt's one user message, its arguments checked and quoted. */
export function getPrompt(
  scope: PromptScope,
  name: string,
  given: Readonly<Record<string, string>> | undefined,
): GetPromptResult {
  const prompt = offeredPrompts(scope).find((p) => p.name === name);
  if (!prompt) {
    const why = PROMPTS.some((p) => p.name === name)
      ? scope.readOnly
        ? ': this server is read-only, and that prompt exists to change something'
        : ': a tool it needs is not served here (see --toolsets)'
      : '';
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Prompt ${name} not found${why}`);
  }
  const args: Record<string, string> = {};
  for (const a of prompt.arguments) {
    const value = given?.[a.name]?.trim();
    if (!value) {
      if (a.required)
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Missing required argument ${a.name}`);
      continue;
    }
    if (value.length > MAX_ARGUMENT || (a.check && !a.check.pattern.test(value))) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Argument ${a.name} ${a.check?.message ?? `must be at most ${MAX_ARGUMENT} characters`}`,
      );
    }
    args[a.name] = value;
  }
  const unknown = Object.keys(given ?? {}).filter((k) => !prompt.arguments.some((a) => a.name === k));
  if (unknown.length) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown argument ${unknown.join(', ')}`);
  }
  return {
    description: prompt.description,
    messages: [{ role: 'user', content: { type: 'text', text: prompt.render(args, promptView(scope)) } }],
  };
}
