import type pg from 'pg';
import { onConnection, type PgClient, type PgPool } from './connect.js';
import { jsonb, pgInt, pgText } from './pg-values.js';

// COPY's binary format (`FORMAT binary`): each field is its length and the bytes of the type's
// binary form, so the server neither splits lines nor undoes escapes (nor does the writer escape),
// as it does with the text format (tab-separated, backslash escapes): server CPU per stored
// trace ~22% less (bench/pg-ingest.mjs). Each value goes through the same sanitising as a query
// parameter (pg-values.ts), so COPY accepts whatever a parameterised INSERT accepts. The bytes
// must be the column's exact type (int4 for INTEGER, int8 for BIGINT).

/** The signature, no flags and no header extension. */
const BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const TWO_32 = 2 ** 32;
/** ' ', between the words of a word list. */
const SPACE = 0x20;
/** JSONB's binary form starts with its version number. */
const JSONB_VERSION = 1;
/** The type of TEXT[]'s elements (`pg_type.oid` of `text`), which an array's binary form names. */
const TEXT_OID = 25;

/**
 * An integer the column cannot hold fails as the server fails a COPY text field out of range
 * (SQLSTATE 22003), so the caller treats it as it treats the server's refusal.
 */
class OutOfRange extends Error {
  readonly code = '22003';
}

/** Text up to this many UTF-16 code units is written by a loop here when it is all ASCII (see `utf8`). */
const SHORT_TEXT = 48;
/** The first buffer of a batch: 128 traces of ~1.6 kB, the writer's default batch, need no growing. */
const FIRST_BUFFER = 256 * 1024;
/** Buffers `CopyBuffers` keeps for the next batches: one per COPY in flight at once. */
const KEPT_BUFFERS = 4;
/** A buffer grown past this (a batch of huge traces) is left to the garbage collector, not kept. */
const KEPT_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Buffers for `CopyBinaryRows`, kept from one batch to the next. A fresh 256 kB buffer per batch
 * cost the writer its pages' first-touch faults and the garbage collector its external memory
 * (~0.8–4 µs per trace in a loop over 128-trace batches, against 0.25 µs writing the same text
 * into a kept buffer). A buffer is given back only after its COPY succeeded: the socket may
 * still hold one whose COPY failed.
 *
 * @example const buffers = new CopyBuffers(); const rows = new CopyBinaryRows(buffers.take()); … buffers.give(rows.storage);
 */
export class CopyBuffers {
  private readonly free: Buffer[] = [];

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(FIRST_BUFFER);
  }

  give(buffer: Buffer): void {
    if (this.free.length < KEPT_BUFFERS && buffer.length <= KEPT_BUFFER_BYTES) this.free.push(buffer);
  }
}

/**
 * Rows in COPY's binary format, written into one growing buffer. Values are made acceptable
 * as in the text format (NUL in text replaced, integers rounded, see pg-values.ts). Integers and
 * floats go through a DataView (inlined by the compiler, where Buffer's write methods check their
 * arguments on every call), short ASCII text by a loop (a call into the runtime per field cost
 * more than the copy): with the search text joined at once (wordListText), a batch's rows cost
 * the writer 5.1 µs per trace instead of 6.3 (a loop over 128-trace batches, no database).
 *
 * @example const rows = new CopyBinaryRows(); rows.row(2).text('a').int8(1); await copyIn(pool, 'COPY t (a, b) FROM STDIN (FORMAT binary)', rows.end());
 */
export class CopyBinaryRows {
  private buffer: Buffer;
  private view: DataView;
  private at = 0;

  /** Rows written into `buffer` (from `CopyBuffers`), which grows into a new one when they need more room. */
  constructor(buffer: Buffer = Buffer.allocUnsafe(FIRST_BUFFER)) {
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
    this.at = BINARY_HEADER.copy(this.buffer, 0);
  }

  /** The buffer the rows are in (grown or not), for `CopyBuffers.give` once their COPY is done. */
  get storage(): Buffer {
    return this.buffer;
  }

  /** Starts a row of `fields` fields, which follow in the COPY statement's column order. */
  row(fields: number): this {
    this.room(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
    return this;
  }

  /** A TEXT field, or NULL. */
  text(value: string | null | undefined): this {
    const text = pgText(value);
    return text === null ? this.null() : this.utf8(text, -1);
  }

  /**
   * A TEXT field of words each between spaces (` refund policy `, a lone space for none: the text
   * `wordListText` makes), written straight into the rows where joining them first made a string
   * of their own per trace. Words hold only letters, digits and marks (trace-words.ts), no NUL.
   */
  wordList(words: Iterable<string>): this {
    this.room(5);
    const start = this.at;
    let at = start + 4;
    this.buffer[at++] = SPACE;
    for (const word of words) {
      this.at = at;
      this.room(word.length * 3 + 1);
      at = this.putUtf8(word, at);
      this.buffer[at++] = SPACE;
    }
    this.view.setInt32(start, at - start - 4);
    this.at = at;
    return this;
  }

  /**
   * Writes `text`'s UTF-8 bytes at `at` (room already made) and returns where they end: ASCII of
   * up to `loopMax` characters byte by byte (a call into the runtime per field cost more than the
   * copy), longer text or text past ASCII by the runtime, over what the loop wrote.
   */
  private putUtf8(text: string, at: number, loopMax = Infinity): number {
    const buffer = this.buffer;
    if (text.length > loopMax) return at + buffer.write(text, at, 'utf8');
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return at + buffer.write(text, at, 'utf8');
      buffer[at + i] = c;
    }
    return at + text.length;
  }

  /**
   * A one-dimensional TEXT[] field without NULLs: the array's header (dimensions, no NULL flag,
   * the element type, its length and lower bound 1), then each element as a TEXT field. Elements
   * are made acceptable as `text` makes a field.
   */
  textArray(values: readonly string[]): this {
    this.room(24);
    const start = this.at;
    const view = this.view;
    view.setInt32(start + 4, values.length === 0 ? 0 : 1);
    view.setInt32(start + 8, 0);
    view.setInt32(start + 12, TEXT_OID);
    this.at = start + 16;
    if (values.length > 0) {
      view.setInt32(start + 16, values.length);
      view.setInt32(start + 20, 1);
      this.at = start + 24;
      for (const value of values) this.text(value);
    }
    this.view.setInt32(start, this.at - start - 4);
    return this;
  }

  /**
   * A `tsvector` field of words without positions: `ranks` index `vocabulary` (a batch's distinct
   * words, sorted), ascending, so the words arrive sorted and distinct, which the server only
   * checks (it sorts what is not: a word past U+FFFF sorts apart in UTF-16 and UTF-8). Each word
   * is its UTF-8 bytes and a NUL, then its number of positions (0). Words hold only letters,
   * digits and marks (trace-words.ts), never a NUL.
   */
  tsvector(ranks: ArrayLike<number>, vocabulary: readonly string[]): this {
    this.room(8);
    const start = this.at;
    this.view.setInt32(start + 4, ranks.length);
    let at = start + 8;
    for (let i = 0; i < ranks.length; i++) {
      const word = vocabulary[ranks[i] as number] as string;
      this.at = at;
      this.room(word.length * 3 + 3);
      at = this.putUtf8(word, at);
      const buffer = this.buffer;
      buffer[at] = 0;
      buffer[at + 1] = 0;
      buffer[at + 2] = 0;
      at += 3;
    }
    this.view.setInt32(start, at - start - 4);
    this.at = at;
    return this;
  }

  /** A JSON or JSONB field (JSONB's version byte first), or NULL: the text `jsonb()` sends as a parameter. */
  jsonb(value: unknown): this {
    const text = jsonb(value);
    return text === null ? this.null() : this.utf8(text, JSONB_VERSION);
  }

  /** A JSON field (its binary form is the text), or NULL: text the caller made acceptable (see pg-values.ts). */
  json(text: string | null): this {
    return text === null ? this.null() : this.utf8(text, -1);
  }

  /** A BIGINT field (rounded; non-finite as 0). */
  int8(value: number): this {
    const n = pgInt(value);
    if (!(Math.abs(n) < 2 ** 63)) throw new OutOfRange(`value ${value} is out of range for type bigint`);
    this.room(12);
    const high = Math.floor(n / TWO_32);
    this.view.setInt32(this.at, 8);
    this.view.setInt32(this.at + 4, high);
    this.view.setUint32(this.at + 8, n - high * TWO_32);
    this.at += 12;
    return this;
  }

  /** An INTEGER field (rounded; non-finite as 0), or NULL. */
  int4(value: number | null): this {
    if (value === null) return this.null();
    const n = pgInt(value);
    if (n < -(2 ** 31) || n >= 2 ** 31) throw new OutOfRange(`value ${value} is out of range for type integer`);
    this.room(8);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, n);
    this.at += 8;
    return this;
  }

  /** A DOUBLE PRECISION field, or NULL. */
  float8(value: number | null): this {
    if (value === null) return this.null();
    this.room(12);
    this.view.setInt32(this.at, 8);
    this.view.setFloat64(this.at + 4, value);
    this.at += 12;
    return this;
  }

  /** A BOOLEAN field. */
  bool(value: boolean): this {
    this.room(5);
    this.view.setInt32(this.at, 1);
    this.buffer[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  /** A NULL field. */
  null(): this {
    this.room(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
    return this;
  }

  /** The rows with the format's trailer, ready for `copyIn`; the writer is not used after. */
  end(): Buffer {
    this.room(2);
    this.view.setInt16(this.at, -1);
    this.at += 2;
    return this.buffer.subarray(0, this.at);
  }

  /** A field of UTF-8 text, after a one-byte prefix when `prefix` is 0–255. */
  private utf8(text: string, prefix: number): this {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a lone surrogate becomes U+FFFD).
    this.room(5 + text.length * 3);
    const start = this.at;
    let at = start + 4;
    if (prefix >= 0) this.buffer[at++] = prefix;
    at = this.putUtf8(text, at, SHORT_TEXT);
    this.view.setInt32(start, at - start - 4);
    this.at = at;
    return this;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(larger, 0, 0, this.at);
    this.buffer = larger;
    this.view = new DataView(larger.buffer, larger.byteOffset, larger.length);
  }
}

/** One table's rows for `copyOn`: a `COPY … FROM STDIN` statement and its data (`CopyBinaryRows.end()`, or lines of COPY text). */
export interface CopyPart {
  sql: string;
  rows: string | Buffer;
}

/** CopyData's message type; CopyDone as a whole message (type and length, no body). */
const COPY_DATA = 0x64;
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * The statements and their data as one round trip: the query (the `COPY` statements joined, one
 * simple query, so one implicit transaction: all tables' rows or none), then each statement's
 * rows as one CopyData and a CopyDone, written at once without waiting for the server's
 * CopyInResponse. The server reads each statement's data from the socket when it gets there; if
 * a statement fails, it drops the CopyData and CopyDone that follow (the protocol says so:
 * "CopyData, CopyDone and CopyFail messages issued by the frontend will simply be dropped"),
 * answers the error and is ready for the next query. pg-copy-streams waited for CopyInResponse
 * before sending the rows: two round trips a statement, each a wake-up of both sides, which on
 * a loaded machine waits for a core (docs/measurements.md, "one round trip").
 */
class OneTripCopy {
  readonly text: string;
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private failed = false;

  constructor(private readonly parts: readonly CopyPart[]) {
    this.text = parts.map((part) => part.sql).join('; ');
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  /** Called by pg when the connection is free: the query and every part's rows, in one write. */
  submit(connection: { query(text: string): void; stream: NodeJS.WritableStream & { cork(): void; uncork(): void } }): void {
    const socket = connection.stream;
    socket.cork();
    try {
      connection.query(this.text);
      for (const part of this.parts) {
        const data = typeof part.rows === 'string' ? Buffer.from(part.rows) : part.rows;
        const header = Buffer.allocUnsafe(5);
        header[0] = COPY_DATA;
        header.writeUInt32BE(data.length + 4, 1);
        socket.write(header);
        socket.write(data);
        socket.write(COPY_DONE);
      }
    } finally {
      socket.uncork();
    }
  }

  /** The rows were sent with the query: nothing to do when the server asks for them. */
  handleCopyInResponse(): void {}

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (!this.failed) this.settle.resolve();
  }

  /** The server's error (pg then forgets this query: no ReadyForQuery reaches it), or the connection's. */
  handleError(error: unknown): void {
    this.failed = true;
    this.settle.reject(error);
  }

  /** pg overwrites it with its own timeout handling when `query_timeout` is set (as pg-copy-streams defines it). */
  callback(): void {}
}

/**
 * Streams rows (`CopyBinaryRows` for `FORMAT binary`, or lines of COPY text) into a table with one `COPY … FROM STDIN` on one pooled connection: a
 * single statement, so all rows or none.
 *
 * @example await copyIn(pool, 'COPY t (a) FROM STDIN (FORMAT binary)', new CopyBinaryRows().row(1).text('x').end());
 */
export async function copyIn(pool: PgPool, sql: string, rows: string | Buffer): Promise<void> {
  await onConnection(pool, (client) => copyOn(client, sql, rows));
}

/**
 * `copyIn` on a connection the caller holds (`onConnection` hands one out and releases it), or
 * several tables' rows at once (`parts`): one round trip and one transaction for all of them.
 *
 * @example await copyOn(client, 'COPY t (a) FROM STDIN (FORMAT binary)', rows.end());
 * @example await copyOn(client, [{ sql: 'COPY a (x) FROM STDIN (FORMAT binary)', rows: a.end() }, { sql: 'COPY b (y) FROM STDIN (FORMAT binary)', rows: b.end() }]);
 */
export async function copyOn(client: PgClient, sql: string | readonly CopyPart[], rows?: string | Buffer): Promise<void> {
  const parts = typeof sql === 'string' ? [{ sql, rows: rows ?? '' }] : sql;
  const copy = new OneTripCopy(parts);
  // pg takes any object with `submit` as a query (a "submittable"), as pg-copy-streams' are.
  client.query(copy as unknown as pg.Submittable);
  await copy.done;
}
