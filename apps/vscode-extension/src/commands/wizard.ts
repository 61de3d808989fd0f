import { BACK, type Back, type StepInfo } from '../ui/step';

/** One question of a form: asked when `when` holds for the answers so far; gives the answers with its own. */
export interface Step<S> {
  when?: (answers: S) => boolean;
  /** Which steps follow depends on this answer: no total is shown while it is asked. */
  decides?: boolean;
  ask: (answers: S, step: StepInfo) => Promise<S | Back | undefined>;
}

/**
 * Asks the steps in order with a counter ("3/6"); Back returns to the previous question with the
 * answers as they were before it; Escape ends the form (undefined). Which steps there are may depend
 * on earlier answers (an SRV record asks more than an A record), so the total is worked out each time.
 */
export async function runSteps<S>(steps: readonly Step<S>[], initial: S): Promise<S | undefined> {
  const answers: S[] = [initial];
  let at = 0;
  for (;;) {
    const current = answers[answers.length - 1] as S;
    const active = steps.filter((s) => !s.when || s.when(current));
    const step = active[at];
    if (!step) return current;
    const total = step.decides ? undefined : active.length;
    const result = await step.ask(current, { step: at + 1, total, back: at > 0 });
    if (result === undefined) return undefined;
    if (result === BACK) {
      if (at > 0) {
        at--;
        answers.pop();
      }
      continue;
    }
    answers.push(result);
    at++;
  }
}
