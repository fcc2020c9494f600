import { useState } from 'preact/hooks';
import { useAction } from './action';
import { ProblemText } from './controls';

/**
 * A button whose action needs a second, explicit step ("Remove" →
 * "Confirm remove" / "Cancel"); the API's refusal shows beside it.
 */
export function ConfirmButton(props: { label: string; confirmLabel: string; question: string; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const action = useAction();
  if (!asking) {
    return (
      <span class="action">
        <button type="button" onClick={() => setAsking(true)}>{props.label}</button>
        <ProblemText problem={action.problem} />
      </span>
    );
  }
  return (
    <span class="action confirm" role="group" aria-label={props.question}>
      <span>{props.question}</span>
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        ref={(b) => b?.focus()}
        onClick={() => void action.run(props.onConfirm).then(() => setAsking(false))}
      >
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
