import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** What a `tools/list` costs a conversation. */
export interface ContextRow {
  id: string;
  label: string;
  tools: number;
  bytes: number;
  /** o200k_base tokens of the JSON (see TOKENIZER). */
  tokens: number;
  bytesPerTool: number;
  tokensPerTool: number;
  /** Average and shortest tool description, so a small listing is not bought with useless text. */
  avgDescriptionChars: number;
  minDescriptionChars: number;
}

/** How tokens are counted. */
export const TOKENIZER =
  'o200k_base (gpt-tokenizer 4.0.0, the GPT-4o/GPT-5 encoding, pure JS): an estimate for other models, whose tokenizers are not public';

/** Bytes and tokens of `result` (the tools/list result object) as JSON, as a client passes it on. */
export function contextOf(
  id: string,
  label: string,
  result: { tools: Record<string, unknown>[] },
): ContextRow {
  const json = JSON.stringify(result);
  const bytes = Buffer.byteLength(json);
  const tokens = countTokens(json);
  const tools = result.tools.length;
  const descriptions = result.tools.map((t) => String(t.description ?? '').length);
  return {
    id,
    label,
    tools,
    bytes,
    tokens,
    bytesPerTool: tools ? bytes / tools : 0,
    tokensPerTool: tools ? tokens / tools : 0,
    avgDescriptionChars: descriptions.length
      ? descriptions.reduce((a, b) => a + b, 0) / descriptions.length
      : 0,
    minDescriptionChars: descriptions.length ? Math.min(...descriptions) : 0,
  };
}
