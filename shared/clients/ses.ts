import { SESClient } from '@aws-sdk/client-ses';
import { tracer } from '../powertools';

export const ses = tracer.captureAWSv3Client(new SESClient({}));
