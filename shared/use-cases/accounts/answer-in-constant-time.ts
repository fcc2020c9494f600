/**
 * The public routes that must not reveal whether an address has an account
 * (resend verification, password reset) do different work for the two
 * cases: a database transaction and an SES send (≈ 40 ms locally, more on
 * AWS) for a real account, one read for an unknown address. Lambda cannot
 * answer first and send afterwards (the process is frozen once it
 * answers), so both paths are padded to the same floor instead: the answer
 * leaves no earlier than `FLOOR_MS` after the request began, whichever
 * path ran. The floor is set well above the slow path's usual duration; a
 * slow path beyond it (an SES hiccup) still shows, and is rare and noisy.
 */
export const CONSTANT_TIME_FLOOR_MS = 400;

export async function answerInConstantTime<T>(work: () => Promise<T>, floorMs = CONSTANT_TIME_FLOOR_MS): Promise<T> {
  const started = performance.now();
  // Timers may fire a little early: wait again until the floor has really passed.
  const left = () => floorMs - (performance.now() - started);
  const pad = async () => {
    while (left() > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left())));
  };
  try {
    return await work();
  } finally {
    await pad();
  }
}
