import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { ProblemText, Title } from '../ui/controls';
import { count, money, when } from '../ui/format';
import { allowed, api, currentUser } from '../session';
import { InvoicesSection } from './billing-invoices';
import { PaymentMethodForm } from './payment-method';

/** Billing (manager+): lifetime totals, the month so far, the invoices with their documents; the admin sets the payment method. */
export function BillingPage() {
  const [billing, setBilling] = useState<Schemas['Billing'] | null>(null);
  const load = useAction();
  useEffect(() => {
    void load.run(async () => setBilling(await ok(api.GET('/v1/billing'))));
  }, []);
  return (
    <>
      <Title>Billing</Title>
      <ProblemText problem={load.problem} />
      {billing && <Totals billing={billing} />}
      <InvoicesSection />
      {billing && (
        <PaymentMethodSection
          method={billing.payment_method}
          editable={allowed(currentUser(), 'payment.update')}
          onSaved={(payment_method) => setBilling({ ...billing, payment_method })}
        />
      )}
    </>
  );
}

function Totals({ billing }: { billing: Schemas['Billing'] }) {
  const period = billing.current_period;
  // `end` is exclusive (the next month's first instant): people read the last day included.
  const lastDay = new Date(Date.parse(period.end) - 1).toISOString().slice(0, 10);
  return (
    <section aria-labelledby="totals">
      <h2 id="totals">Usage</h2>
      <dl class="fields">
        <div><dt>Plan</dt><dd>{billing.plan === 'on_demand' ? 'On demand' : 'Enterprise'}</dd></div>
        <div><dt>Tasks finished</dt><dd>{billing.tasks_finished}</dd></div>
        <div><dt>Amount accumulated</dt><dd>{money(billing.amount_accumulated)}</dd></div>
      </dl>
      <h3>Current period: {period.period}</h3>
      <p>
        From {period.start.slice(0, 10)} to {lastDay} (UTC): {count(period.tasks_finished, 'task')} finished, {money(period.amount)} so far.
      </p>
    </section>
  );
}

function PaymentMethodSection(props: { method: Schemas['PaymentMethod'] | null; editable: boolean; onSaved: (m: Schemas['PaymentMethod']) => void }) {
  const m = props.method;
  return (
    <section aria-labelledby="payment-method">
      <h2 id="payment-method">Payment method</h2>
      {m ? (
        <p>
          {m.brand} ending in {m.last_four}, expires {String(m.exp_month).padStart(2, '0')}/{m.exp_year}, {m.cardholder_name}; invoices go to {m.billing_email}
          {' '}(updated {when(m.updated_at)}).
        </p>
      ) : (
        <p>No payment method yet.</p>
      )}
      {props.editable ? <PaymentMethodForm onSaved={props.onSaved} /> : <p>Only the team's admin changes the payment method.</p>}
    </section>
  );
}
