export { wrapAnthropic } from "./wrap-anthropic.js";
export type { WrapAnthropicOptions } from "./wrap-anthropic.js";
export { MessageStreamAccumulator } from "./message-stream-accumulator.js";
export { withCallMetadata } from "@hookline/instrument";
export type { CallMetadata } from "@hookline/instrument";
