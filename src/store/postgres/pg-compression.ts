/**
 * A migration step that compresses the named columns' large values with lz4 instead of the
 * server's default, pglz (`default_toast_compression`). PostgreSQL compresses a row's long
 * values once the row passes ~2 kB (a conversation with some history, a long answer): with pglz
 * that cost 51–53 µs of server CPU per ~4.6 kB body in a COPY of 20,000 of them, with lz4
 * 21–21.5 µs, for ~24% more bytes on disk; reading them back costs the same or less
 * (docs/measurements.md, "PostgreSQL trace ingest", 2026-12-02 pgingest). Smaller rows are stored
 * as they are either way. Only values written from then on are compressed with lz4; stored ones
 * keep theirs, and both read alike. A server built without lz4 keeps pglz: the step then does
 * nothing rather than fail the migration.
 *
 * @example const step = lz4Compression('traces', ['request_json', 'response_json']);
 */
export function lz4Compression(table: string, columns: readonly string[]): string {
  const alters = columns.map((column) => `ALTER COLUMN ${column} SET COMPRESSION lz4`).join(', ');
  return `DO $$ BEGIN
       ALTER TABLE ${table} ${alters};
     EXCEPTION WHEN feature_not_supported THEN
       RAISE NOTICE 'this server has no lz4 compression: ${table} keeps the server''s default';
     END $$;`;
}
