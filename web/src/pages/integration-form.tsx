import { useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { Field, formValues, Notice, ProblemText, Select } from '../ui/controls';
import { api } from '../session';
import { locationOf, PROVIDER_IDS, PROVIDER_TITLES, PROVIDERS, type Provider } from './integration-providers';

/** Add an integration: choose the provider, and its own fields appear. */
export function AddIntegrationForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const [provider, setProvider] = useState<Provider>('aws_s3');
  const [added, setAdded] = useState<Schemas['Integration'] | null>(null);
  const action = useAction();
  const onSubmit = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const body = formValues(event) as unknown as Schemas['CreateIntegrationRequest'];
    setAdded(null);
    void action.run(async () => {
      setAdded(await ok(api.POST('/v1/integrations', { body })));
      form.reset();
      setProvider('aws_s3');
      await onAdded();
    });
  };
  return (
    <section aria-labelledby="add-integration">
      <h2 id="add-integration">Add storage</h2>
      <form onSubmit={onSubmit}>
        <Select label="Provider" name="provider" options={PROVIDER_IDS} optionLabels={PROVIDER_TITLES} value={provider}
          onChange={(e) => { setProvider((e.currentTarget as HTMLSelectElement).value as Provider); action.clear(); }} />
        {PROVIDERS[provider].fields.map((f) => {
          const common = { label: f.label, name: f.name, hint: f.hint, required: !f.optional, problem: action.problem, autoComplete: 'off', spellcheck: false };
          // A secret (SAS token, key file) is masked as it is typed or pasted.
          return f.secret ? <Field key={`${provider}-${f.name}`} {...common} type="password" /> : <Field key={`${provider}-${f.name}`} {...common} />;
        })}
        <button type="submit" disabled={action.busy}>Add {PROVIDER_TITLES[provider]}</button>
      </form>
      <ProblemText problem={action.problem} />
      {added && <AddedNotice integration={added} />}
    </section>
  );
}

function AddedNotice({ integration }: { integration: Schemas['Integration'] }) {
  return <Notice>Added {PROVIDER_TITLES[integration.provider]} {locationOf(integration)}: grant what it needs (“What to grant” in its row), then Verify.</Notice>;
}
