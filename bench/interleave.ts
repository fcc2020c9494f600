/**
 * Interleaved measurement: every round runs each case once, in an order that
 * rotates from round to round, so drift on a noisy machine (a JVM warming,
 * another process waking) falls on every case alike rather than on
 * whichever ran first. Each case checks its own result and throws on a
 * wrong one: a fast error is not a fast path.
 */
export interface Case {
  name: string;
  run: () => Promise<void>;
}

export interface Stats {
  name: string;
  samples: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function interleave(cases: Case[], rounds: number, warmupRounds: number): Promise<Stats[]> {
  const samples = cases.map(() => [] as number[]);
  for (let round = -warmupRounds; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + Math.abs(round)) % cases.length;
      const t0 = process.hrtime.bigint();
      await cases[i]!.run();
      if (round >= 0) samples[i]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return cases.map((c, i) => {
    const sorted = samples[i]!.sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    return { name: c.name, samples: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
  });
}
