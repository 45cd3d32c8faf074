import type { Config } from '../../config/schema.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ModelClient } from '../../gateway/model-client.js';

/** A gateway running inside this process: its pipeline, without an HTTP server. */
export interface InProcessGateway {
  models: ModelClient;
  /** Writes its traces and releases its connections. */
  close(): Promise<void>;
}

export type InProcessGatewayFactory = (config: Config) => Promise<InProcessGateway>;

let factory: InProcessGatewayFactory | undefined;

/**
 * Evaluation runs models through an in-process gateway when given a config. The gateway is
 * composed outside `evals/` (the composition root knows the stores and providers), so the
 * program's entry point hands the factory in here once at startup.
 *
 * @example provideInProcessGateway((config) => openGatewayCore(config));
 */
export function provideInProcessGateway(open: InProcessGatewayFactory): void {
  factory = open;
}

export function openInProcessGateway(config: Config): Promise<InProcessGateway> {
  if (!factory) {
    throw new SwitchyardError('internal', 'no in-process gateway was provided: the entry point must call provideInProcessGateway (or pass --gateway URL)');
  }
  return factory(config);
}
