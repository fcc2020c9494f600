import type middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * Media types are case-insensitive and may carry blanks around parameters
 * (`Application/JSON ; charset=UTF-8`); the body parser matches one exact
 * spelling, so normalise the header first.
 */
export const normalizeContentType = (): middy.MiddlewareObj<APIGatewayProxyEvent> => ({
  before: ({ event }) => {
    const value = event.headers?.['content-type'];
    if (value) event.headers['content-type'] = value.trim().toLowerCase().replace(/\s*;\s*/g, ';');
  },
});
