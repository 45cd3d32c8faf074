/** The SQLite file the gateway, the CLI and evaluations share unless told otherwise. */
export const DEFAULT_SQLITE_PATH = '.switchyard/switchyard.db';
