import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * Reads a request body up to `limitBytes`, unpacked when its `content-encoding` is gzip, deflate
 * or br (an HTTP client or an OTLP exporter may compress; the bytes were otherwise handed to the
 * JSON parser as "not valid UTF-8"), and no more than `limitBytes` unpacked either. A declared
 * content-length over the limit is refused before reading; a body that grows past it while
 * streaming is cut off. Either way a 413 that says the limit; any other encoding is a 415.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  // Read first, so a refused encoding still leaves the connection ready for the next request.
  const raw = await readRawBody(req, limitBytes);
  const encoding = contentEncoding(req.headers['content-encoding']);
  return encoding === 'identity' ? raw : await unpack(raw, encoding, limitBytes);
}

type Encoding = 'identity' | keyof typeof UNPACK;

// Async, so a large body unpacks off the event loop rather than stalling every other request.
const UNPACK = { gzip: promisify(gunzip), deflate: promisify(inflate), br: promisify(brotliDecompress) };

/** The body's one content-encoding (`x-gzip` is gzip's old name), or a 415 naming what was sent. */
function contentEncoding(header: string | undefined): Encoding {
  const name = (header ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return 'identity';
  if (name === 'x-gzip') return 'gzip';
  if (name in UNPACK && Object.hasOwn(UNPACK, name)) return name as Encoding;
  throw new SwitchyardError('unsupported', `content-encoding must be gzip, deflate, br or none (identity), got ${quoteClipped(header)}`, { status: 415 });
}

async function unpack(raw: Buffer, encoding: Exclude<Encoding, 'identity'>, limitBytes: number): Promise<Buffer> {
  try {
    return await UNPACK[encoding](raw, { maxOutputLength: limitBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new SwitchyardError('body_too_large', `request body is over the limit of ${formatBytes(limitBytes)} once unpacked (content-encoding ${encoding})`, { status: 413 });
    throw new SwitchyardError('invalid_request', `request body is not valid ${encoding} data, as its content-encoding says: ${(error as Error).message}`);
  }
}

function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const tooLarge = (size: string) =>
    new SwitchyardError('body_too_large', `request body of ${size} is over the limit of ${formatBytes(limitBytes)}`, { status: 413 });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(tooLarge(formatBytes(declared)));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(`more than ${formatBytes(limitBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(bodyReadError(error, size, req.headers['content-length'])));
  });
}

/**
 * Why a body could not be read. A client that went away mid-body (Node's "aborted", ECONNRESET) is
 * a client disconnect, traced as such (499, client_closed), not a bad request of its own.
 */
function bodyReadError(error: NodeJS.ErrnoException, received: number, declared: string | undefined): SwitchyardError {
  if (error.code === 'ECONNRESET' || error.message === 'aborted') {
    const of = declared !== undefined && /^\d+$/.test(declared) ? ` of ${declared}` : '';
    return new SwitchyardError('client_closed', `the client closed the connection before its request body was complete (${received}${of} bytes received)`, { cause: error });
  }
  return new SwitchyardError('invalid_request', `could not read the request body: ${error.message}`, { cause: error });
}

/** A body limit as the 413 says it (`10 MB`, `10 KB`), for every message that names it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} bytes`;
}

