import type { ConfigReport } from "./config-report.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import { parseGenericLoggerHeaders } from "./parse-generic-logger-headers.js";
import type { SettingsLayer, ValueOrigin } from "./settings-layer.js";

const { genericLoggerEndpoint: ENDPOINT, genericLoggerHeaders: HEADERS } = CONFIG_DEFAULTS.env;

/**
 * The settings of LiteLLM's plain `generic_api` callback, which come from the environment:
 * `GENERIC_LOGGER_ENDPOINT` and `GENERIC_LOGGER_HEADERS`. Issues are reported at `refPath` (where
 * the list names `generic_api`) and name the variable; the parts they concern are marked unresolved
 * so the callback is not built, while the rest is still validated. A `callback_settings.generic_api`
 * entry (`override`) may supply the endpoint instead.
 */
export function genericApiLayer(
  env: Readonly<Record<string, string | undefined>>,
  override: SettingsLayer | undefined,
  refPath: string,
  report: ConfigReport,
): SettingsLayer {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, ValueOrigin>();
  const unresolved = new Set<string>();
  const endpoint = env[ENDPOINT];
  if (endpoint !== undefined) {
    report.envUse(ENDPOINT, endpoint);
    values["endpoint"] = endpoint;
    origins.set("endpoint", { path: refPath, label: `environment variable ${ENDPOINT}`, fromEnv: true });
  } else if (!(override && "endpoint" in override.values)) {
    report.issue(refPath, `generic_api reads its endpoint from environment variable ${ENDPOINT}, which is not set`);
    unresolved.add("endpoint");
  }
  const headerText = env[HEADERS];
  if (headerText !== undefined) {
    report.envUse(HEADERS, headerText);
    const parsed = parseGenericLoggerHeaders(headerText);
    for (const problem of parsed.problems) report.issue(refPath, `environment variable ${HEADERS}: ${problem}`);
    // A marker rather than "headers": an entry's headers must not hide these problems on merge.
    if (parsed.problems.length > 0) unresolved.add(`$${HEADERS}`);
    values["headers"] = parsed.headers;
    origins.set("headers", { path: refPath, label: `environment variable ${HEADERS}`, fromEnv: true });
    for (const name of Object.keys(parsed.headers)) {
      origins.set(`headers.${name}`, { path: refPath, label: `environment variable ${HEADERS}`, fromEnv: true });
    }
  }
  return { values, origins, unresolved };
}
