/** A database a read-only command cannot use as it is; its message says what to do. */
export class DatabaseUnavailable extends Error {}
