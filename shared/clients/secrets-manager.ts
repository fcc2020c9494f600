import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '../powertools';

/** The one Secrets Manager client. Endpoint comes from AWS_ENDPOINT_URL locally (moto). */
export const secretsManager = tracer.captureAWSv3Client(new SecretsManagerClient({}));
