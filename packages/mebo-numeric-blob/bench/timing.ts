/**
 * Process-CPU µs per call of `f` (the machine is shared, so wall time is noisy): a warm-up of half
 * the budget, then the best of `rounds` rounds of `budgetMs / rounds` each, every round at least 3
 * calls. Go's side (tools/go-interop bench) measures the same way.
 */
export function cpuMicros(f: () => void, budgetMs: number, rounds: number): number {
  const round = (ms: number): number => {
    let runs = 0;
    const start = performance.now();
    const cpu = process.cpuUsage();
    while (runs < 3 || performance.now() - start < ms) {
      f();
      runs++;
    }
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / runs;
  };
  round(budgetMs / 2);
  let best = Infinity;
  for (let i = 0; i < rounds; i++) best = Math.min(best, round(budgetMs / rounds));
  return best;
}
