import {
  DescribeUserPoolClientCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { USER_POOL_DEFINITION } from '../../infra/definitions/user-pool';
import { cognito } from '../../shared/clients/cognito';
import { signIn } from '../../shared/identity/cognito-users';
import { signInWithPassword } from '../../shared/use-cases/accounts/sign-in';
import { signUp } from '../../shared/use-cases/accounts/sign-up';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';
import { latestToken } from '../support/sent-mail';

/**
 * "Email change through Cognito": a signed-in user calls Cognito's own
 * UpdateUserAttributes with their access token to take an address they do
 * not own. On AWS the app client's WriteAttributes refuse it (checked here
 * on the local pool, and on the template in test/infra/stacks.test.ts).
 * moto 5.2.1 stores WriteAttributes but does NOT enforce them: the rewrite
 * goes through locally. So the attack below is run against what moto does,
 * and what must hold is our own line of defence: an address signs in to
 * the account our email claim names, or to nothing.
 */
const PASSWORD = 'Attack3r!Passw0rd';
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function verifiedAccount(email: string) {
  await signUp({ email, password: PASSWORD, name: 'Mallory', company: 'Co', team_name: 'Team' });
  await verifyEmail(await latestToken(email));
  return signInWithPassword(email, PASSWORD);
}

describe("a user rewriting their own email through Cognito's user-facing API", () => {
  it('the local app client, built from the same definition as the deployed one, may not write email', async () => {
    const { UserPoolClient } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: process.env.USER_POOL_ID!, ClientId: process.env.USER_POOL_CLIENT_ID! }),
    );
    expect(UserPoolClient?.WriteAttributes).toEqual([...USER_POOL_DEFINITION.client.writeAttributes]);
    expect(UserPoolClient?.WriteAttributes).not.toContain('email');
  });

  it("grabbing an unregistered address does not make it sign in to the attacker's account", async () => {
    const own = address('mallory');
    const victim = address('victim');
    const tokens = await verifiedAccount(own);

    // moto accepts the rewrite (no WriteAttributes enforcement); AWS refuses it.
    // Should moto start refusing, this fails and the test can assert the refusal itself.
    await expect(
      cognito.send(new UpdateUserAttributesCommand({ AccessToken: tokens.access_token, UserAttributes: [{ Name: 'email', Value: victim }] })),
    ).resolves.toBeDefined();

    // On moto Cognito itself now signs the victim's address in to the attacker's identity...
    await expect(signIn(victim, PASSWORD)).resolves.toHaveProperty('access_token');
    // ...but the API does not: no account of ours claims that address.
    await expect(signInWithPassword(victim, PASSWORD)).rejects.toMatchObject({ status: 401 });
    // (That the old address still signs in is AWS's behaviour once the rewrite is refused; moto,
    // having accepted it, resolves the old address to nothing, so it cannot be shown here.)
  });
});
