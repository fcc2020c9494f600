import { UserOnly, VerifyBody } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const verifySignupRoute = route({
  operationId: 'verifySignup',
  method: 'POST',
  path: '/v1/signup/verify',
  handler: 'accounts/verify-email',
  auth: 'public',
  limitPerClient: true,
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], ['user', 'team', 'verification', 'unverifiedAccounts']),
    userPool: ['AdminUpdateUserAttributes', 'AdminEnableUser'],
    // The new team's callback auth keys (CreateSecret with tags is also authorised as TagResource).
    secrets: ['CreateSecret', 'TagResource'],
  },
  summary: 'Verify the email address with the token from the verification email',
  tags: ['accounts'],
  errors: [404, 410],
  schemas: { body: VerifyBody, responses: { 200: UserOnly } },
});
