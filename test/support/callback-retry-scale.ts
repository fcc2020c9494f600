/** The test stack's compression of the callback retry schedule: 24 h of retries in about ten seconds. */
export const CALLBACK_RETRY_SCALE = 0.0001;
