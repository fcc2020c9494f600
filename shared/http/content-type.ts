import type middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnsupportedMediaTypeError } from '../errors';

/**
 * Media types are case-insensitive and may carry blanks around parameters
 * (`Application/JSON ; charset=UTF-8`); the body parser matches one exact
 * spelling, so normalise the header first.
 */
export const normalizeContentType = (): middy.MiddlewareObj<APIGatewayProxyEvent> => ({
  before: ({ event }) => {
    const value = event.headers?.['content-type'];
    if (!value) return; // the body parser answers a missing type with 415
    const normalized = value.trim().toLowerCase().replace(/\s*;\s*/g, ';');
    // The contract's one media type: not `+json` relatives, and a body read as UTF-8 must say so or nothing.
    const [type, ...params] = normalized.split(';');
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
    if (type !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      throw new UnsupportedMediaTypeError();
    }
    event.headers['content-type'] = normalized;
  },
});
