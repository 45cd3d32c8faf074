import type { IncomingHttpHeaders } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { ProviderConfig } from '../config/schema.js';
import { billedFailure, billedFailureOf } from '../core/billed-failure.js';
import { SwitchyardError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../core/openai-wire.js';
import type { Usage } from '../tokens/usage.js';
import type { CallOptions, CanonicalStream, ChatProvider, GenerateResult, NativeStream } from './spec.js';
import { UpstreamClient, type UpstreamResponse } from './upstream-client.js';
import { scrubError, secretScrubber } from './scrub-secrets.js';
import { upstreamError } from './upstream-error.js';
import { relayEvents } from './relay-events.js';
import { boundedText } from './bounded-body.js';
import { StreamBreak } from './stream-break.js';
import { shellWord } from '../core/shell-word.js';
import type { StreamStops } from './held-stops.js';
import { endAtHeldStop } from './held-stop-end.js';
import { CLI } from '../core/cli-command.js';

/** Upstream SSE text in, canonical chunks out; `end` throws when the answer was cut short. */
export interface ChunkDecoder {
  push(text: string): ChatCompletionChunk[];
  end(): ChatCompletionChunk[];
  readonly usage: Usage | undefined;
  /** The stop sequences the gateway applies itself, when the request has any (held-stops.ts). */
  readonly stops?: StreamStops | undefined;
}

/** Upstream SSE text in, the same format's SSE text out (whole events, as received). */
export interface NativeRelay {
  push(text: string): string;
  end(): string;
  readonly usage: Usage | undefined;
  response(): unknown;
  /** Closing events when the stream fails after it began, for formats that have their own. */
  fail?(error: SwitchyardError): string;
  /** Whether the upstream is past the point where it may still refuse the request (see `NativeStream.started`). */
  started?(): boolean;
}

/** An upstream call: where it goes and what it sends. */
export interface UpstreamCall {
  path: string;
  body: string;
  /** The client format of a same-format exchange: an error answer is then kept in the provider's own words for that client (`upstreamError`). */
  format?: ClientFormat;
  /** The translated request the body was made from, for a vendor that may ask again after a refusal (`askAgain`). */
  request?: ChatCompletionRequest;
  stream?: boolean;
}

/**
 * The shared half of every provider that speaks HTTP: one undici pool, auth headers, error
 * parsing, and turning response bodies into canonical chunks or native SSE. A vendor supplies
 * only its conversions (`chatCall`, `parseCompletion`, `chunkDecoder`) and, when it speaks a
 * client format, its native relay.
 */
export abstract class HttpProvider implements ChatProvider {
  readonly client: UpstreamClient;
  readonly simulated: boolean;
  abstract readonly native: ReadonlySet<ClientFormat>;

  constructor(
    readonly name: string,
    config: ProviderConfig,
    /** Auth and configured headers, sent on every call (swapped whole when the credential changes). */
    protected headers: Readonly<Record<string, string>>,
  ) {
    this.client = new UpstreamClient(name, config.base_url, config.max_connections, config.simulated ? simulatorHint(config.base_url, config.simulator_scripts) : undefined);
    this.simulated = config.simulated;
    this.scrub = secretScrubber([config.api_key ?? '', ...Object.values(config.headers)]);
  }

  /** Removes this provider's credentials (and anything shaped like a key) from upstream text. */
  private scrub: (text: string) => string;

  useCredentialsOf(fresh: ChatProvider): void {
    if (!(fresh instanceof HttpProvider) || fresh.constructor !== this.constructor) throw new Error(`provider "${this.name}": credentials come from a provider of another kind`);
    this.headers = fresh.headers;
    this.scrub = fresh.scrub;
  }

  /** The upstream request for a canonical chat request. */
  protected abstract chatCall(request: ChatCompletionRequest, options: CallOptions, stream: boolean): UpstreamCall;
  /** `headers` are the upstream's response headers (Gemini says the tier that served the call in one). */
  protected abstract parseCompletion(text: string, request: ChatCompletionRequest, options: CallOptions, headers?: IncomingHttpHeaders): GenerateResult;
  protected abstract chunkDecoder(request: ChatCompletionRequest, options: CallOptions, headers?: IncomingHttpHeaders): ChunkDecoder;

  /** The upstream's error answer as a SwitchyardError; vendors with their own shape override it. */
  protected parseError(status: number, headers: IncomingHttpHeaders, text: string, format?: ClientFormat): SwitchyardError {
    return upstreamError(this.name, status, headers, text, format);
  }

  async generate(request: ChatCompletionRequest, options: CallOptions): Promise<GenerateResult> {
    const call = this.chatCall(request, options, false);
    const upstream = await this.post(call, options);
    const text = await this.readAll(upstream, options);
    return this.parseCompletion(text, request, options, upstream.headers);
  }

  async stream(request: ChatCompletionRequest, options: CallOptions): Promise<CanonicalStream> {
    const upstream = await this.post(this.chatCall(request, options, true), options);
    const decoder = this.chunkDecoder(request, options, upstream.headers);
    const ended: { usage?: Usage } = {};
    return {
      chunks: this.decode(upstream, decoder, options, (stops, stopped) =>
        endAtHeldStop(stops, stopped, decoder.usage, request, options.decisions).then((end) => {
          ended.usage = end.usage;
          return end.chunks;
        }),
      ),
      usage: () => ended.usage ?? decoder.usage,
      cancel: () => upstream.body.destroy(),
    };
  }

  /**
   * Every error this provider raises passes through here, so an upstream that echoes the
   * credential it was sent (some do, in their 401s) cannot leak it to a client, a trace or a log.
   */
  networkError(error: unknown, options: Pick<CallOptions, 'signal' | 'timeoutMs'>): SwitchyardError {
    const failure = this.client.networkError(error, options);
    const scrubbed = scrubError(failure, this.scrub);
    // A scrubbed copy is still the failure the provider bills (a timeout after the request was sent).
    const billed = scrubbed === failure ? undefined : billedFailureOf(failure);
    return billed ? billedFailure(scrubbed, billed) : scrubbed;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** Headers for one call; vendors that understand some client headers (`anthropic-beta`) add them. */
  protected headersFor(_options: CallOptions): Readonly<Record<string, string>> {
    return this.headers;
  }

  /**
   * The call to make instead of failing with `error`, for a refusal the vendor's own words say how
   * to avoid; undefined (the default) fails. Runs only on an error answer.
   */
  protected askAgain(_error: SwitchyardError, _call: UpstreamCall, _options: CallOptions): UpstreamCall | undefined {
    return undefined;
  }

  /** POSTs and fails with the vendor's parsed error on a 4xx/5xx (or makes the call `askAgain` gives instead). */
  protected post(call: UpstreamCall, options: CallOptions): Promise<UpstreamResponse> {
    // A promise chain rather than an async function, as in UpstreamClient.post: this runs on every call.
    let sent: Promise<UpstreamResponse>;
    try {
      sent = this.client.post(call.path, call.body, this.headersFor(options), options);
    } catch (error) {
      return Promise.reject(this.networkError(error, options));
    }
    return sent.then(
      (upstream) => {
        options.onHeaders?.(upstream.headers);
        if (upstream.status < 400) return upstream;
        return boundedText(upstream)
          // Past the bound, the error says so in place of the vendor's words ("(empty body)" said nothing came).
          .catch((error: unknown) => (error instanceof SwitchyardError ? `(not read: ${error.message})` : ''))
          .then((text) => {
            const error = scrubError(this.parseError(upstream.status, upstream.headers, text, call.format), this.scrub);
            const again = this.askAgain(error, call, options);
            if (again === undefined) throw error;
            return this.post(again, options);
          });
      },
      (error: unknown) => {
        throw this.networkError(error, options);
      },
    );
  }

  /**
   * Reads a whole body inside the attempt, so a connection cut mid-body is retried too. Such a cut
   * comes after the provider's 200: it generated the answer and bills it (marked for the retry
   * loop to book), unless the call's own abort cut it (then the call is booked as abandoned).
   */
  protected readAll(upstream: UpstreamResponse, options: CallOptions): Promise<string> {
    return boundedText(upstream).catch((error: unknown) => {
      // Past the bound: the upstream's doing, not a cut connection to retry.
      if (error instanceof SwitchyardError) throw error;
      const failure = this.networkError(error, options);
      throw options.signal.aborted || billedFailureOf(failure) ? failure : billedFailure(failure, 'body_cut');
    });
  }

  /** Relays a same-format stream: whole events out as they arrive. */
  protected relay(upstream: UpstreamResponse, relay: NativeRelay, options: CallOptions): NativeStream {
    const events = relayEvents(upstream.body, relay, (error) => this.networkError(error, { signal: options.signal, timeoutMs: 0 }));
    const stream: NativeStream = { events, usage: () => relay.usage, response: () => relay.response(), cancel: () => upstream.body.destroy() };
    if (relay.fail) stream.fail = (error) => relay.fail?.(error) ?? '';
    if (relay.started) stream.started = () => relay.started?.() ?? true;
    return stream;
  }

  /**
   * Canonical chunks from the upstream's body. Once a stop sequence the gateway applies matches
   * while the upstream is still generating, the upstream call is ended there and `endEarly`
   * gives the closing chunks (held-stop-end.ts).
   */
  private async *decode(
    upstream: UpstreamResponse,
    decoder: ChunkDecoder,
    options: CallOptions,
    endEarly: (stops: StreamStops, stopped: string) => Promise<ChatCompletionChunk[]>,
  ): AsyncGenerator<ChatCompletionChunk[]> {
    const text = new StringDecoder('utf8');
    try {
      for await (const chunk of upstream.body) {
        const out = decoder.push(text.write(chunk as Buffer));
        const stopped = decoder.stops?.endsEarly;
        if (stopped !== undefined) {
          upstream.body.destroy();
          yield out.concat(await endEarly(decoder.stops as StreamStops, stopped));
          return;
        }
        if (out.length > 0) yield out;
      }
    } catch (error) {
      // Chunks read with the error that broke the stream still reach the client, ahead of it.
      if (error instanceof StreamBreak) yield error.before as ChatCompletionChunk[];
      throw this.networkError(error instanceof StreamBreak ? error.error : error, { signal: options.signal, timeoutMs: 0 });
    }
    let rest: ChatCompletionChunk[];
    try {
      rest = decoder.end();
    } catch (error) {
      if (!(error instanceof StreamBreak)) throw error;
      yield error.before as ChatCompletionChunk[];
      throw error.error;
    }
    if (rest.length > 0) yield rest;
  }
}

/**
 * What to run when a `simulated: true` provider's simulator is not there: its port, and the scripts
 * the config names (the eval walkthrough's expected answers need them; without a name, none is guessed).
 */
function simulatorHint(baseUrl: string, scripts?: string): string {
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const withScripts = scripts === undefined ? '' : ` --scripts ${shellWord(scripts)}`;
  return `a simulated provider: is the simulator running? start it with ${CLI} simulate --port ${port}${withScripts}`;
}
