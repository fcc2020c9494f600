import type { Context } from 'aws-lambda';

/** A function that tells how long its invocation has left: the local stack's context must count down from the function's timeout. */
export const handler = async (_event: unknown, context: Context) => context.getRemainingTimeInMillis();
