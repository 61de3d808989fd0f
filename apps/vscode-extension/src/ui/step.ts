// The parts of a form of several questions that need no `vscode` (so the form logic is unit-tested).

/** Where a question stands in a form of several: "2/5", and whether Back is offered. */
export interface StepInfo {
  step: number;
  /** Undefined while it depends on this answer (which record type). */
  total: number | undefined;
  back: boolean;
}

/** What a step of a form answers when the person presses Back. */
// Symbol.for: the same value in every bundle (the tests' prompter is bundled apart from the extension).
export const BACK: unique symbol = Symbol.for('hostkit.back');
export type Back = typeof BACK;
