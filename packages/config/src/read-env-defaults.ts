import type { ConfigReport } from "./config-report.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import { withoutValue } from "./describe-value.js";
import { integerField, secondsField } from "./schema-fields.js";
import type { EnvDefaults } from "./to-callback-config.js";

/**
 * Reads `DEFAULT_BATCH_SIZE` and `DEFAULT_FLUSH_INTERVAL_SECONDS`, which LiteLLM's batch logger
 * uses as defaults. A bad value is an issue (at `environment_variables.X` when the config's own
 * section set it), not a silent fallback; it does not echo the value, which may be anything.
 */
export function readEnvDefaults(
  env: Readonly<Record<string, string | undefined>>,
  fromConfig: ReadonlySet<string>,
  report: ConfigReport,
): EnvDefaults {
  const read = (variable: string, field: ReturnType<typeof integerField>, fallback: number): number => {
    const text = env[variable];
    if (text === undefined || text.trim() === "") return fallback;
    report.envUse(variable, text);
    const parsed = field.safeParse(text);
    if (parsed.success) return parsed.data;
    const path = fromConfig.has(variable) ? `environment_variables.${variable}` : `env.${variable}`;
    report.issue(path, `environment variable ${variable}: ${withoutValue(parsed.error.issues[0]?.message ?? "invalid value")}`);
    return fallback;
  };
  return {
    batchSize: read(CONFIG_DEFAULTS.env.batchSize, integerField(1), CONFIG_DEFAULTS.batchSize),
    flushIntervalSeconds: read(CONFIG_DEFAULTS.env.flushIntervalSeconds, secondsField(false), CONFIG_DEFAULTS.flushIntervalSeconds),
  };
}
