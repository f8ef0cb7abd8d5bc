import { replaceVariables, type OnEnvUse } from "./env-value.js";

/** Result of {@link substituteTemplate}. */
export interface TemplateSubstitution {
  /** The template with every placeholder replaced; meaningless when `missing` is not empty. */
  readonly value: string;
  /** Variables the template names that are not set, in order, without repeats. */
  readonly missing: string[];
}

const PLACEHOLDER = /\{\{\s*environment_variables\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces LiteLLM preset placeholders, `{{environment_variables.NAME}}`, with values from `env`.
 *
 * Unlike LiteLLM, which substitutes an empty string, unset variables are reported in `missing`
 * so the caller can name them all in one message. `onUse` is told each variable substituted.
 */
export function substituteTemplate(template: string, env: Readonly<Record<string, string | undefined>>, onUse?: OnEnvUse): TemplateSubstitution {
  return replaceVariables(template, PLACEHOLDER, env, "", onUse);
}
