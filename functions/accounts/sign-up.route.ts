import { SignupBody, SignupResponse } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const signupRoute = route({
  operationId: 'signup',
  method: 'POST',
  path: '/v1/signup',
  handler: 'accounts/sign-up',
  auth: 'public',
  limitPerClient: true,
  grants: { table: items(['GetItem', 'PutItem', 'DeleteItem'], ['emailClaim', 'user', 'team', 'verification']), userPool: ['AdminCreateUser', 'AdminGetUser', 'AdminDisableUser', 'AdminSetUserPassword'], email: true,
    rarelyUsed: { 'dynamodb:DeleteItem on EMAIL#|USER#|TEAM#|VERIFY#': 'Undoes the sign-up transaction when Cognito refuses the password, so the address is free for a retry.' },
  },
  summary: 'Create an account and its team; the signer becomes admin',
  tags: ['accounts'],
  errors: [409],
  schemas: { body: SignupBody, responses: { 201: SignupResponse } },
});
