import { useState } from 'preact/hooks';
import { ApiRefusal, type Problem } from './errors';

/**
 * One action's state (a form's submit, a row's button): busy while it runs,
 * and the API's refusal in words to show next to it.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  async function run(fn: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      return true;
    } catch (error) {
      setProblem(error instanceof ApiRefusal ? error.problem : { message: 'Something went wrong: try again.', fields: {} });
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, run, clear: () => setProblem(null) };
}
