import { useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ConfirmButton } from '../ui/confirm';
import { ok } from '../ui/errors';
import { ProblemText, Title } from '../ui/controls';
import { pretty, when } from '../ui/format';
import { Pager, usePaged } from '../ui/pager';
import { api } from '../session';
import { AddIntegrationForm } from './integration-form';
import { locationOf, PROVIDER_TITLES, verificationWords } from './integration-providers';

/** Integrations (manager+): the team's cloud storage, added per provider, verified, deleted. */
export function IntegrationsPage() {
  const list = usePaged((query) => api.GET('/v1/integrations', { params: { query } }));
  return (
    <>
      <Title>Integrations</Title>
      <section aria-labelledby="connected">
        <h2 id="connected">Connected storage</h2>
        <ProblemText problem={list.problem} />
        {list.items?.length === 0 && <p>No storage connected yet.</p>}
        {list.items && list.items.length > 0 && (
          <table>
            <thead>
              <tr><th scope="col">Provider</th><th scope="col">Where</th><th scope="col">Access</th><th scope="col">Last verified</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>{list.items.map((i) => <IntegrationRow key={i.id} integration={i} onChange={list.reload} />)}</tbody>
          </table>
        )}
        <Pager list={list} label="Integrations" />
      </section>
      <AddIntegrationForm onAdded={list.reload} />
    </>
  );
}

function IntegrationRow({ integration: i, onChange }: { integration: Schemas['Integration']; onChange: () => Promise<void> }) {
  const verify = useAction();
  const [result, setResult] = useState<Schemas['IntegrationVerification'] | null>(null);
  const where = locationOf(i);
  const last = result ?? (i.last_verified_at ? i : null);
  const onVerify = () => void verify.run(async () => setResult(await ok(api.POST('/v1/integrations/{id}/verify', { params: { path: { id: i.id } } }))));
  return (
    <tr>
      <td>{PROVIDER_TITLES[i.provider]}</td>
      <td>
        <code>{where}</code>
        <SetupDetails integration={i} />
      </td>
      <td>
        {i.auth.replace(/_/g, ' ')}
        {i.credential_expires_at && <><br /><small>{i.credential_expiring_soon ? 'Expires soon: ' : 'Expires '}{when(i.credential_expires_at)}</small></>}
      </td>
      <td>
        {/* A status region: a Verify's result is announced where it is shown. */}
        <span role="status" class={last && !last.ok ? 'error' : undefined}>
          {last ? verificationWords({ ok: Boolean(last.ok), error: last.error, checks: last.checks ?? {} }) : 'never'}
        </span>
        {last && <><br /><small>{when(result?.checked_at ?? i.last_verified_at)}</small></>}
      </td>
      <td>
        <span class="action">
          <button type="button" onClick={onVerify} disabled={verify.busy} aria-label={`Verify ${where}`}>{verify.busy ? 'Verifying…' : 'Verify'}</button>
          <ProblemText problem={verify.problem} />
        </span>
        <ConfirmButton
          label="Delete"
          confirmLabel="Delete integration"
          question={`Delete the ${PROVIDER_TITLES[i.provider]} integration ${where}? Its credential is deleted too.`}
          onConfirm={async () => {
            await ok(api.DELETE('/v1/integrations/{id}', { params: { path: { id: i.id } } }));
            await onChange();
          }}
        />
      </td>
    </tr>
  );
}

/** What to grant on the customer's side: the AWS trust and permissions policies, or the Google commands. */
function SetupDetails({ integration: i }: { integration: Schemas['Integration'] }) {
  const parts: Array<[string, string]> = [];
  if (i.external_id) parts.push(['External ID', i.external_id]);
  if (i.trust_policy) parts.push(['Trust policy', pretty(i.trust_policy)]);
  if (i.permissions_policy) parts.push(['Permissions policy', pretty(i.permissions_policy)]);
  if (i.setup) parts.push(['Commands', i.setup.commands.join('\n')]);
  if (!parts.length) return null;
  return (
    <details>
      <summary>What to grant</summary>
      {parts.map(([title, text]) => (
        <div key={title}>
          <h3 class="small">{title}</h3>
          <pre tabIndex={0}>{text}</pre>
        </div>
      ))}
    </details>
  );
}
