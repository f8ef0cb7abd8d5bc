/** The values enumerated settings accept; messages list them when a value is not one of them. */
export const CONFIG_CHOICES = {
  /** `method` */
  methods: ["POST", "PUT", "PATCH"],
  /** `queue_full_policy` */
  queueFullPolicies: ["drop_oldest", "drop_newest", "block"],
  /** `compression` */
  compressions: ["none", "gzip", "deflate", "br"],
} as const;
