import { SignupBody, SignupResponse } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const signupRoute = route({
  operationId: 'signup',
  method: 'POST',
  path: '/v1/signup',
  handler: 'accounts/sign-up',
  auth: 'public',
  limitPerClient: true,
  grants: {
    table: items(
      ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
      ['emailClaim', 'user', 'team', 'verification', 'unverifiedAccounts'],
    ),
    userPool: ['AdminCreateUser', 'AdminGetUser', 'AdminDisableUser', 'AdminSetUserPassword'],
    email: true,
  },
  summary: 'Create an account and its team; the signer becomes admin',
  tags: ['accounts'],
  errors: [409],
  schemas: { body: SignupBody, responses: { 201: SignupResponse } },
});
