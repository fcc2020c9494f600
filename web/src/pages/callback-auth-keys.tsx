import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ConfirmButton } from '../ui/confirm';
import { ok } from '../ui/errors';
import { ProblemText } from '../ui/controls';
import { SecretValue } from '../ui/secret';
import { api, currentUser } from '../session';

/** The Live/Test callback auth keys (sent with each callback); hidden until asked; the admin rotates. */
export function CallbackAuthKeysSection() {
  const [keys, setKeys] = useState<Schemas['CallbackAuthKeys'] | null>(null);
  const [shown, setShown] = useState(false);
  const action = useAction();
  useEffect(() => {
    void action.run(async () => setKeys(await ok(api.GET('/v1/callback-auth-keys'))));
  }, []);
  const admin = currentUser()?.role === 'admin';
  return (
    <section aria-labelledby="callback-keys">
      <h2 id="callback-keys">Callback Auth Keys</h2>
      <p>Each callback carries the key of its task's environment in <code>refonte-callback-auth</code>, and is signed with it (<code>webhook-signature</code>).</p>
      <ProblemText problem={action.problem} />
      {keys && (
        <>
          <button type="button" onClick={() => setShown(!shown)} aria-expanded={shown}>{shown ? 'Hide callback auth keys' : 'Show callback auth keys'}</button>
          <dl>
            {(['live', 'test'] as const).map((env) => (
              <div key={env}>
                <dt>{env === 'live' ? 'Live' : 'Test'}</dt>
                <dd>
                  {shown ? <SecretValue label={`the ${env} callback auth key`} value={keys[env]} /> : <span>hidden</span>}
                  {admin && (
                    <ConfirmButton
                      label={`Rotate ${env} key`}
                      confirmLabel={`Rotate the ${env} key`}
                      question={`Rotate the ${env} callback auth key? For 24 hours callbacks are signed with both keys.`}
                      onConfirm={async () => {
                        const rotated = await ok(api.POST('/v1/callback-auth-keys/rotate', { body: { environment: env } }));
                        setKeys({ ...keys, [env]: rotated.key });
                        setShown(true);
                      }}
                    />
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
