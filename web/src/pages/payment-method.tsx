import { useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok, type Problem } from '../ui/errors';
import { Field, formValues, Notice, ProblemText } from '../ui/controls';
import { api } from '../session';

/**
 * The API refuses a card number anywhere in the body (raw_card_number_refused)
 * without naming a field; it is the processor token that people paste a
 * card number into, so that is where the refusal is shown.
 */
function placed(problem: Problem | null): Problem | null {
  if (problem?.code !== 'raw_card_number_refused') return problem;
  return { ...problem, fields: { ...problem.fields, processor_token: problem.message } };
}

/** The admin's payment method form: the processor's token for the card, and what the dashboard shows of it. */
export function PaymentMethodForm({ onSaved }: { onSaved: (m: Schemas['PaymentMethod']) => void }) {
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const problem = placed(action.problem);
  const onSubmit = (event: Event) => {
    const v = formValues(event);
    setSaved(false);
    void action.run(async () => {
      const body = { ...v, exp_month: Number(v.exp_month), exp_year: Number(v.exp_year) } as Schemas['PaymentMethodRequest'];
      onSaved((await ok(api.PUT('/v1/billing/payment-method', { body }))).payment_method);
      setSaved(true);
    });
  };
  return (
    <form onSubmit={onSubmit} aria-label="Payment method">
      <Field label="Processor token" name="processor_token" required problem={problem} autoComplete="off"
        hint="The token your payment processor gave for the card (pm_…). Never a card number." />
      <Field label="Card brand" name="brand" required problem={problem} />
      <Field label="Last four digits" name="last_four" required inputMode="numeric" maxLength={4} problem={problem} />
      <div class="row">
        <Field label="Expiry month" name="exp_month" type="number" min={1} max={12} required problem={problem} />
        <Field label="Expiry year" name="exp_year" type="number" min={2000} max={2100} required problem={problem} />
      </div>
      <Field label="Cardholder name" name="cardholder_name" required autoComplete="cc-name" problem={problem} />
      <Field label="Billing email" name="billing_email" type="email" required autoComplete="email" problem={problem} />
      <button type="submit" disabled={action.busy}>Save payment method</button>
      {saved && <Notice>Payment method saved.</Notice>}
      <ProblemText problem={problem} />
    </form>
  );
}
