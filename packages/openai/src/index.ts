export { wrapOpenAI } from "./wrap-openai.js";
export type { WrapOpenAIOptions } from "./wrap-openai.js";
export { ChatStreamAccumulator } from "./chat-stream-accumulator.js";
export { ResponseStreamError } from "./responses-stream-observer.js";
export { withCallMetadata } from "@hookline/instrument";
export type { CallMetadata } from "@hookline/instrument";
