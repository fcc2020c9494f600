import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '../powertools';

/** The one SQS client. Endpoint comes from AWS_ENDPOINT_URL locally. */
export const sqs = tracer.captureAWSv3Client(new SQSClient({}));
