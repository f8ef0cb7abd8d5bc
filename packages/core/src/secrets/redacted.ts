/** The mask of a secret that has no better name (a header value, a URL's query value or path). */
export const REDACTED = "[redacted]";
