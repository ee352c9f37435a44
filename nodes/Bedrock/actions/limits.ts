export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 64;
