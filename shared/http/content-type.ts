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
    const charsets = params.filter((p) => p.startsWith('charset=')).map((p) => p.slice('charset='.length).replace(/"/g, ''));
    // Two charsets is no charset: ambiguous, refused like a wrong one.
    if (type !== 'application/json' || charsets.length > 1 || (charsets.length === 1 && !['utf-8', 'utf8'].includes(charsets[0]!))) {
      throw new UnsupportedMediaTypeError();
    }
    event.headers['content-type'] = normalized;
  },
});
