import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from '../powertools';

export const cognito = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));
