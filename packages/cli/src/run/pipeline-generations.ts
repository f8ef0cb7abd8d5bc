import type { CallbackMetrics, Pipeline, ShutdownReport } from "@hookline/core";

/**
 * The pipelines one `hookline run` has had: the current one, those a reload replaced that are
 * still draining, and the final counters of those done. Its `metrics()` adds them up per
 * callback name, so `/metrics` counters keep growing across reloads (never reset) and the
 * summary at exit covers the whole run.
 */
export class PipelineGenerations {
  #current: Pipeline;
  readonly #draining = new Set<Pipeline>();
  readonly #done: CallbackMetrics[][] = [];
  readonly #drains: Promise<unknown>[] = [];

  constructor(first: Pipeline) {
    this.#current = first;
  }

  get current(): Pipeline {
    return this.#current;
  }

  /** `next` becomes current; the previous one drains, and `drain` settles once it has. */
  replace(next: Pipeline, drain: (previous: Pipeline) => Promise<ShutdownReport>, handedOver?: (report: ShutdownReport) => Readonly<Record<string, number>>): void {
    const previous = this.#current;
    this.#current = next;
    this.#draining.add(previous);
    this.#drains.push(
      drain(previous).then((report) => {
        this.#draining.delete(previous);
        this.#done.push(withoutHandedOver(report.callbacks, handedOver?.(report) ?? {}));
      }),
    );
  }

  /** Resolves when every replaced pipeline has drained. */
  async drained(): Promise<void> {
    await Promise.all(this.#drains);
  }

  /** Counters of every generation, added up per callback; gauges and health from the live ones. */
  metrics(): CallbackMetrics[] {
    return mergeMetrics([...this.#done, ...[...this.#draining].map((p) => p.metrics()), this.#current.metrics()]);
  }

  /** {@link metrics} with the current pipeline's final counters in place of its live ones. */
  final(current: readonly CallbackMetrics[]): CallbackMetrics[] {
    return mergeMetrics([...this.#done, ...[...this.#draining].map((p) => p.metrics()), current]);
  }
}

/**
 * A drained generation's counters with the events it left in a spool that the next generation
 * opened taken out of `failed`: the next one delivers them (or fails them) and counts them then.
 */
function withoutHandedOver(callbacks: readonly CallbackMetrics[], handedOver: Readonly<Record<string, number>>): CallbackMetrics[] {
  return callbacks.map((m) => (handedOver[m.name] ? { ...m, failed: Math.max(0, m.failed - handedOver[m.name]!) } : m));
}

/** Adds generations' counters up by callback name, in order of first appearance; the last generation's gauges and health win. */
export function mergeMetrics(generations: readonly (readonly CallbackMetrics[])[]): CallbackMetrics[] {
  const merged = new Map<string, CallbackMetrics>();
  for (const generation of generations) {
    for (const m of generation) {
      const before = merged.get(m.name);
      merged.set(m.name, before === undefined ? m : add(before, m));
    }
  }
  return [...merged.values()];
}

/**
 * Two generations' counters of one callback added up, field by field whatever fields the metrics
 * have: numbers and records of numbers are summed (gauges too: both generations hold events while
 * the old one drains), the latency histogram bucket by bucket; health and the last error are the
 * newest generation's.
 */
function add(a: CallbackMetrics, b: CallbackMetrics): CallbackMetrics {
  const sumValues = (x: unknown, y: unknown): unknown => {
    if (typeof y === "number") return (typeof x === "number" ? x : 0) + y;
    if (Array.isArray(y)) return y.map((n: number, i) => n + ((Array.isArray(x) ? (x[i] as number | undefined) : undefined) ?? 0));
    if (typeof y === "object" && y !== null) {
      const out: Record<string, unknown> = { ...(x as Record<string, unknown> | undefined) };
      for (const [key, value] of Object.entries(y)) out[key] = sumValues(out[key], value);
      return out;
    }
    return y;
  };
  const merged = sumValues(a, b) as CallbackMetrics & { lastError?: string };
  const lastError = b.lastError ?? a.lastError;
  return { ...merged, name: b.name, healthy: b.healthy, ...(lastError !== undefined ? { lastError } : {}) };
}
