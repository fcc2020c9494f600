import { errorMessage } from '../../../client';

/** An API refusal, in words: the contract's message, and per-field messages from its details. */
export interface Problem {
  message: string;
  /** The contract's error code (`raw_card_number_refused`…), for a page that places one next to its field. */
  code?: string;
  fields: Record<string, string>;
}

export function problemOf(error: unknown): Problem {
  const details = (error as { error?: { details?: Array<{ path?: unknown; message?: unknown }> } })?.error?.details ?? [];
  const fields: Record<string, string> = {};
  for (const d of details) {
    const field = typeof d.path === 'string' ? d.path.split('.').at(-1) : undefined;
    if (field && typeof d.message === 'string') fields[field] ??= d.message;
  }
  const code = (error as { error?: { code?: unknown } })?.error?.code;
  return { message: errorMessage(error), fields, ...(typeof code === 'string' ? { code } : {}) };
}

/** What openapi-fetch resolves to: data on success, the error body otherwise. */
export interface Outcome<T> {
  data?: T;
  error?: unknown;
}

export class ApiRefusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** The data of a call, or an ApiRefusal carrying the API's words. */
export async function ok<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch {
    throw new ApiRefusal({ message: 'The service could not be reached: check your connection and try again.', fields: {} });
  }
  if (outcome.error !== undefined || outcome.data === undefined) {
    // A 204 has no data and no error.
    if (outcome.error === undefined) return undefined as T;
    throw new ApiRefusal(problemOf(outcome.error));
  }
  return outcome.data;
}
