import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfigFile } from '../../config/load-config.js';
import type { Config, StoreConfig } from '../../config/schema.js';
import { SwitchyardError } from '../../core/errors.js';
import { GatewayClient } from './gateway-client.js';
import { PriceBook } from './price-book.js';

export interface GatewayConnection {
  client: GatewayClient;
  /** Model names the gateway serves. */
  models: string[];
  /** Gateway URL (in-process ones listen on 127.0.0.1 and a free port). */
  url: string;
  config: Config | undefined;
  configPath: string | null;
  /** SHA-256 of the config file, so a rerun can tell whether the gateway changed. */
  configHash: string | null;
  /** Providers and upstream models behind a model name, from the config. */
  targetsOf(model: string): { provider: string; model: string }[];
  /** Stops the in-process gateway (writing its traces) and closes connections. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** The gateway config (as for `serve`): starts the gateway in this process on port 0. */
  configPath?: string;
  config?: Config;
  /** An already running gateway; wins over the config for calls. */
  gatewayUrl?: string;
  /** Store for the in-process gateway's traces: the eval store, so costs reconcile with them. */
  store?: StoreConfig;
  apiKey?: string;
}

/**
 * Connects evaluation to a gateway: either one already running (`--gateway URL`) or one started
 * in-process from the config file on a free port, so every eval call takes the real path
 * (routing, limits, retries, cost, traces).
 *
 * @example const gw = await connectGateway({ configPath: 'switchyard.yaml' }); … await gw.close();
 */
export async function connectGateway(options: ConnectOptions): Promise<GatewayConnection> {
  let config = options.config ?? (options.configPath ? loadConfigFile(options.configPath) : undefined);
  const configHash = options.configPath ? createHash('sha256').update(readFileSync(options.configPath)).digest('hex') : null;
  if (!config && !options.gatewayUrl) {
    throw new SwitchyardError('invalid_request', 'evaluation needs a gateway: pass --config FILE (the gateway config, as for `serve`) or --gateway URL');
  }
  let stop: (() => Promise<void>) | undefined;
  let url = options.gatewayUrl;
  if (!url && config) {
    if (options.store) config = { ...config, store: options.store };
    const { startServer } = await import('../../server.js');
    const running = await startServer(config, { port: 0, host: '127.0.0.1' });
    url = running.url;
    stop = () => running.close();
  }
  // A gateway with virtual keys needs one; the config's first key is the operator's own.
  const apiKey = options.apiKey ?? process.env.SWITCHYARD_API_KEY ?? config?.keys[0]?.key;
  const client = new GatewayClient(url as string, { apiKey, prices: new PriceBook(config) });
  let models: string[];
  try {
    models = config && !options.gatewayUrl ? Object.keys(config.models) : await client.listModels();
  } catch (error) {
    await client.close();
    await stop?.();
    throw error;
  }
  return {
    client,
    models,
    url: url as string,
    config,
    configPath: options.configPath ?? null,
    configHash,
    targetsOf: (model) => {
      const m = config?.models[model];
      if (!m) return [];
      const targets = m.fallbacks ?? m.loadbalance ?? [{ provider: m.provider ?? '', model: m.model ?? '' }];
      return targets.map((t) => ({ provider: t.provider, model: t.model }));
    },
    close: async () => {
      await client.close();
      await stop?.();
    },
  };
}
