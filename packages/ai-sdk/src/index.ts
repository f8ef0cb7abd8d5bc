export { hooklineEmbeddingMiddleware, hooklineEmbeddingModel, hooklineMiddleware } from "./hookline-middleware.js";
export type { HooklineMiddlewareOptions } from "./hookline-middleware.js";
export { withCallMetadata } from "@hookline/instrument";
export type { CallMetadata } from "@hookline/instrument";
