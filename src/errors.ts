/** A database a command cannot use as it is (missing, not migrated, not SQLite); its message says what to do. */
export class DatabaseUnavailable extends Error {}
