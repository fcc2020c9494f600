import { useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ConfirmButton } from '../ui/confirm';
import { ok } from '../ui/errors';
import { Field, formValues, ProblemText, Select, Title } from '../ui/controls';
import { Pager, usePaged } from '../ui/pager';
import { SecretValue } from '../ui/secret';
import { api } from '../session';
import { CallbackAuthKeysSection } from './callback-auth-keys';

const ENVIRONMENTS = ['live', 'test'] as const;

/** API Keys (manager+): add live/test, reveal with a confirm step, copy, delete; then the callback auth keys. */
export function ApiKeysPage() {
  const list = usePaged((query) => api.GET('/v1/api-keys', { params: { query } }));
  return (
    <>
      <Title>API Keys</Title>
      <section aria-labelledby="keys">
        <h2 id="keys">Keys</h2>
        <AddKeyForm onAdded={list.reload} />
        <ProblemText problem={list.problem} />
        {list.items?.length === 0 && <p>No API keys yet.</p>}
        {list.items && list.items.length > 0 && (
          <table>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Environment</th><th scope="col">Key</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>{list.items.map((k) => <KeyRow key={k.id} apiKey={k} onChange={list.reload} />)}</tbody>
          </table>
        )}
        <Pager list={list} label="API keys" />
      </section>
      <CallbackAuthKeysSection />
    </>
  );
}

function AddKeyForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const action = useAction();
  const [created, setCreated] = useState<Schemas['CreatedApiKey'] | null>(null);
  const onSubmit = (event: Event) => {
    const v = formValues(event);
    void action.run(async () => {
      const key = await ok(api.POST('/v1/api-keys', { body: { environment: v.environment as 'live' | 'test', ...(v.name ? { name: v.name } : {}) } }));
      setCreated(key);
      await onAdded();
    });
  };
  return (
    <>
      <form onSubmit={onSubmit} class="row">
        <Field label="Key name (optional)" name="name" problem={action.problem} />
        <Select label="Environment" name="environment" options={ENVIRONMENTS} />
        <button type="submit" disabled={action.busy}>Add key</button>
      </form>
      <ProblemText problem={action.problem} />
      {created && (
        <div role="status" class="notice">
          New {created.environment} key: <SecretValue label={`the new ${created.environment} key`} value={created.key} />
        </div>
      )}
    </>
  );
}

function KeyRow({ apiKey, onChange }: { apiKey: Schemas['ApiKey']; onChange: () => Promise<void> }) {
  const [secret, setSecret] = useState<string | null>(null);
  const name = apiKey.name ?? `${apiKey.environment} key …${apiKey.last_four}`;
  const path = { params: { path: { id: apiKey.id } } };
  return (
    <tr>
      <td>{name}</td>
      <td>{apiKey.environment}</td>
      <td>{secret ? <SecretValue label={`the key ${name}`} value={secret} /> : <code>{apiKey.environment}_…{apiKey.last_four}</code>}</td>
      <td>{apiKey.last_used_at ? new Date(apiKey.last_used_at).toLocaleString() : 'never'}</td>
      <td>
        {!secret && (
          <ConfirmButton
            label="Reveal"
            confirmLabel="Reveal key"
            question={`Reveal ${name}? The reveal is recorded in the audit log.`}
            onConfirm={async () => setSecret((await ok(api.GET('/v1/api-keys/{id}/secret', path))).key)}
          />
        )}
        <ConfirmButton
          label="Delete"
          confirmLabel="Delete key"
          question={`Delete ${name}? It stops working within 60 seconds.`}
          onConfirm={async () => {
            await ok(api.DELETE('/v1/api-keys/{id}', path));
            await onChange();
          }}
        />
      </td>
    </tr>
  );
}
