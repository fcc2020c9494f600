import { describe, expect, it } from 'vitest';
import { createRefonteClient, errorMessage } from '../../client';
import { outputs, signUpVerified } from '../support/api';

/** The typed client customers use from Node (the README's example), against the local stack. */
describe('the typed client (client/)', () => {
  it("signs in, reads the team, creates a test key, and acts with it where a key may", async () => {
    const admin = await signUpVerified({ team_name: 'Typed' });
    const anonymous = createRefonteClient({ baseUrl: outputs().api_url });
    const { data: tokens } = await anonymous.POST('/v1/auth/token', { body: { email: admin.email, password: 'Str0ng!Passw0rd-42' } });
    expect(tokens?.access_token).toBeTruthy();

    const user = createRefonteClient({ baseUrl: outputs().api_url, credentials: () => tokens!.access_token });
    const { data: team } = await user.GET('/v1/team');
    expect(team?.name).toBe('Typed');
    const { data: key } = await user.POST('/v1/api-keys', { body: { environment: 'test', name: 'from node' } });
    expect(key?.key).toMatch(/^test_/);

    // An API key acts for its team on tasks and projects only: a members call is refused, in words.
    const withKey = createRefonteClient({ baseUrl: outputs().api_url, credentials: key!.key });
    const refused = await withKey.GET('/v1/team/members');
    expect(refused.response.status).toBe(403);
    expect(errorMessage(refused.error)).toMatch(/\w+ \w+/);
  });

  it('reports the contract error body of a refused request', async () => {
    const anonymous = createRefonteClient({ baseUrl: outputs().api_url });
    const { error, response } = await anonymous.POST('/v1/auth/token', { body: { email: 'nobody@example.com', password: 'Wrong!Passw0rd-1' } });
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('unauthenticated');
  });
});
