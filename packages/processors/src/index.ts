import type { ProcessorDefinition } from "@hookline/core";
import { excludeFieldsProcessor } from "./exclude-fields.js";
import { filterProcessor } from "./filter.js";
import { includeFieldsProcessor } from "./include-fields.js";
import { maskProcessor } from "./mask.js";
import { redactMessagesProcessor } from "./redact-messages.js";
import { redactUserApiKeyInfoProcessor } from "./redact-user-api-key-info.js";
import { sampleProcessor } from "./sample.js";
import { setFieldsProcessor } from "./set-fields.js";

export { REDACTED_BY_LITELLM, redactMessages, redactMessagesProcessor } from "./redact-messages.js";
export { redactResponse } from "./redact-response.js";
export { redactUserApiKeyInfo, redactUserApiKeyInfoProcessor } from "./redact-user-api-key-info.js";
export { excludeFieldsProcessor } from "./exclude-fields.js";
export { includeFieldsProcessor } from "./include-fields.js";
export { DEFAULT_MASK_REPLACEMENT, MASKED_ENTITY_COUNT_KEY, maskProcessor } from "./mask.js";
export { DETECTOR_NAMES } from "./mask-detectors.js";
export type { DetectorName } from "./mask-detectors.js";
export { luhnValid } from "./luhn.js";
export { createFilter, filterProcessor } from "./filter.js";
export type { FilterHooks, FilterOptions, FilterProcessor } from "./filter.js";
export { sampleKeeps, sampleKey, sampleProcessor } from "./sample.js";
export { fnv1a32, stableHash } from "./stable-hash.js";
export { setFieldsProcessor } from "./set-fields.js";

/**
 * The built-in processor definitions: LiteLLM's `redact_messages` (turn_off_message_logging) and
 * `redact_user_api_key_info`, then `exclude_fields`, `include_fields`, `mask`, `filter`, `sample`
 * and `set_fields`. A registry validates each one's options against its `optionsSchema`.
 */
export const builtinProcessors: readonly ProcessorDefinition<never>[] = [
  redactMessagesProcessor,
  redactUserApiKeyInfoProcessor,
  excludeFieldsProcessor,
  includeFieldsProcessor,
  maskProcessor,
  filterProcessor,
  sampleProcessor,
  setFieldsProcessor,
] as readonly ProcessorDefinition<never>[];
