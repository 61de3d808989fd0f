import * as vscode from 'vscode';
import type {
  ConfirmRequest,
  InputRequest,
  PickItem,
  PickRequest,
  Prompter,
  SaveRequest,
} from '../../../src/ui/prompter';
import { BACK, type Back, type StepInfo } from '../../../src/ui/step';

/** One scripted answer: a modal's button, text for an input box (tried in order), or a pick by label. */
export type Answer =
  | { confirm: boolean }
  | { input: string | string[] }
  | { pick: string }
  | { save: string }
  | { back: true };

export interface Asked {
  kind: 'confirm' | 'input' | 'pick' | 'open' | 'save' | 'back';
  text: string;
  /** Validation messages the input box showed for rejected answers (from the core schemas). */
  rejected?: { value: string; problem: string }[];
  answer: unknown;
  /** The labels a picker offered. */
  items?: string[];
  /** "2/5" for a question of a form. */
  step?: string;
}

/**
 * The test double for {@link Prompter}: answers from a script and records every question, so a test
 * can check that a modal named the exact target and that input boxes refused bad values. An
 * unexpected question fails the test instead of hanging it.
 */
export class ScriptedPrompter implements Prompter {
  private script: Answer[] = [];
  readonly asked: Asked[] = [];

  expect(...answers: Answer[]): this {
    this.script.push(...answers);
    return this;
  }

  /** Fails when answers were scripted but never asked for. */
  done(): void {
    if (this.script.length) throw new Error(`unused scripted answers: ${JSON.stringify(this.script)}`);
  }

  reset(): void {
    this.script = [];
    this.asked.length = 0;
  }

  private next<K extends 'confirm' | 'input' | 'pick' | 'save'>(
    kind: K,
    text: string,
  ): Extract<Answer, Record<K, unknown>> {
    const a = this.script.shift();
    if (!a || !(kind in a))
      throw new Error(`unexpected ${kind} "${text}" (next scripted answer: ${JSON.stringify(a)})`);
    return a as Extract<Answer, Record<K, unknown>>;
  }

  async confirm(r: ConfirmRequest): Promise<boolean> {
    const a = this.next('confirm', r.message);
    this.asked.push({ kind: 'confirm', text: `${r.message}\n${r.detail}\n[${r.action}]`, answer: a.confirm });
    return a.confirm;
  }

  async input(r: InputRequest): Promise<string | undefined> {
    const a = this.next('input', r.title);
    const rejected: { value: string; problem: string }[] = [];
    for (const value of Array.isArray(a.input) ? a.input : [a.input]) {
      const problem = r.validate?.(value);
      if (problem === undefined) {
        this.asked.push({ kind: 'input', text: r.title, rejected, answer: r.password ? '***' : value });
        return value;
      }
      rejected.push({ value, problem });
    }
    throw new Error(`every scripted answer to "${r.title}" was refused: ${JSON.stringify(rejected)}`);
  }

  async saveLocation(r: SaveRequest): Promise<vscode.Uri | undefined> {
    const a = this.next('save', r.title);
    this.asked.push({ kind: 'save', text: `${r.title} (${r.fileName})`, answer: a.save });
    return vscode.Uri.file(a.save);
  }

  /** Web pages are never opened in the test run: the address is recorded. */
  async openExternal(url: string): Promise<boolean> {
    this.asked.push({ kind: 'open', text: url, answer: true });
    return true;
  }

  /** A question of a form: answered like any other, or with `{ back: true }`; the step is recorded. */
  async inputStep(r: InputRequest, step: StepInfo): Promise<string | Back | undefined> {
    if (this.backNext(`${r.title} [${step.step}/${step.total ?? '?'}]`)) return BACK;
    const v = await this.input(r);
    const last = this.asked.at(-1);
    if (last) last.step = `${step.step}/${step.total ?? '?'}`;
    return v;
  }

  async pickStep<T extends PickItem>(
    items: readonly T[],
    r: PickRequest,
    step: StepInfo,
  ): Promise<T | Back | undefined> {
    if (this.backNext(`${r.title} [${step.step}/${step.total ?? '?'}]`)) return BACK;
    const v = await this.pick(items, r);
    const last = this.asked.at(-1);
    if (last) last.step = `${step.step}/${step.total ?? '?'}`;
    return v;
  }

  private backNext(text: string): boolean {
    const a = this.script[0];
    if (!a || !('back' in a)) return false;
    this.script.shift();
    this.asked.push({ kind: 'back', text, answer: true });
    return true;
  }

  async pick<T extends PickItem>(items: readonly T[], r: PickRequest): Promise<T | undefined> {
    const a = this.next('pick', r.title);
    const found = items.find((i) => i.label === a.pick) ?? items.find((i) => i.label.includes(a.pick));
    this.asked.push({ kind: 'pick', text: r.title, answer: found?.label, items: items.map((i) => i.label) });
    if (!found)
      throw new Error(
        `"${a.pick}" is not among ${JSON.stringify(items.map((i) => i.label))} for "${r.title}"`,
      );
    return found;
  }
}
