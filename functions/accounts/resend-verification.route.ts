import { Accepted, ResendVerificationBody } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const resendVerificationRoute = route({
  operationId: 'resendVerification',
  method: 'POST',
  path: '/v1/signup/resend-verification',
  handler: 'accounts/resend-verification',
  auth: 'public',
  limitPerClient: true,
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem'], ['emailClaim', 'user', 'verification']), email: true },
  summary: 'Send a new verification link (answered alike whether or not the address has an account)',
  tags: ['accounts'],
  schemas: { body: ResendVerificationBody, responses: { 202: Accepted } },
});
