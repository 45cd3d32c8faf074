import { sha256 } from '../../core/sha256.js';
import { readFileSync } from 'node:fs';
import { loadConfigFile } from '../../config/load-config.js';
import type { Config, StoreConfig } from '../../config/schema.js';
import { SwitchyardError } from '../../core/errors.js';
import { GatewayClient } from './gateway-client.js';
import { assertSwitchyardGateway } from '../../core/gateway-probe.js';
import { InProcessCaller } from './in-process-caller.js';
import { openInProcessGateway } from './in-process-gateway.js';
import type { ModelCaller } from './model-caller.js';
import { PriceBook } from './price-book.js';
import type { AnsweredBy } from '../store/run-store.js';

export interface GatewayConnection {
  client: ModelCaller;
  /** Model names the gateway serves. */
  models: string[];
  /** Gateway URL, or `in-process` for a gateway started from the config in this process. */
  url: string;
  config: Config | undefined;
  configPath: string | null;
  /** SHA-256 of the config file, so a rerun can tell whether the gateway changed. */
  configHash: string | null;
  /** Providers and upstream models behind a model name, from the config. */
  targetsOf(model: string): { provider: string; model: string; simulated?: boolean }[];
  /**
   * For a gateway by URL, the simulated providers its answers named per variant (none for an
   * in-process gateway, whose run takes its targets from the config).
   */
  simulatedAnswers(): AnsweredBy[];
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
 * Connects evaluation to a gateway: either one already running (`--gateway URL`) or one opened
 * in-process from the config file (its pipeline, no HTTP server), so every eval call takes the
 * real path (routing, limits, retries, cost, traces).
 *
 * @example const gw = await connectGateway({ configPath: 'switchyard.yaml' }); … await gw.close();
 */
export async function connectGateway(options: ConnectOptions): Promise<GatewayConnection> {
  let config = options.config ?? (options.configPath ? loadConfigFile(options.configPath) : undefined);
  const configHash = options.configPath ? sha256(readFileSync(options.configPath), 'hex') : null;
  if (!config && !options.gatewayUrl) {
    throw new SwitchyardError('invalid_request', 'evaluation needs a gateway: pass --config FILE (the gateway config, as for `serve`) or --gateway URL');
  }
  // A gateway with virtual keys needs one; the config's first key is the operator's own.
  const apiKey = options.apiKey ?? process.env.SWITCHYARD_API_KEY ?? config?.keys[0]?.key;
  let client: ModelCaller;
  let models: string[];
  let close: () => Promise<void>;
  let simulatedAnswers = (): AnsweredBy[] => [];
  if (options.gatewayUrl) {
    // A page, the simulator or a port that never answers named at once, not as "unknown model" or a wait forever.
    await assertSwitchyardGateway(options.gatewayUrl);
    const remote = new GatewayClient(options.gatewayUrl, { apiKey, prices: new PriceBook(config) });
    try {
      models = await remote.listModels();
    } catch (error) {
      await remote.close();
      throw error;
    }
    client = remote;
    close = () => remote.close();
    simulatedAnswers = () => remote.simulatedAnswers();
  } else {
    if (options.store) config = { ...(config as Config), store: options.store };
    const local = await openInProcessGateway(config as Config);
    client = new InProcessCaller(local.models, apiKey);
    models = [...Object.keys((config as Config).models), ...Object.keys((config as Config).routes)];
    close = () => local.close();
  }
  return {
    client,
    models,
    url: options.gatewayUrl ?? 'in-process',
    config,
    configPath: options.configPath ?? null,
    configHash,
    targetsOf: (model) => {
      const m = config?.models[model];
      if (!m) return [];
      const targets = m.fallbacks ?? m.loadbalance ?? [{ provider: m.provider ?? '', model: m.model ?? '' }];
      // Recorded on the run, so its report says when the answers came from the simulator.
      return targets.map((t) => ({ provider: t.provider, model: t.model, ...(config?.providers[t.provider]?.simulated ? { simulated: true } : {}) }));
    },
    simulatedAnswers,
    close,
  };
}
