import { basename, resolve } from 'node:path';
import { SwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { connectGateway, type ConnectOptions } from './client/connect-gateway.js';
import { generateItems } from './generate/generate-items.js';
import { readDocuments } from './generate/read-documents.js';
import { LimitedCaller } from './runner/limited-caller.js';
import { seededRandom } from '../core/seeded-random.js';
import type { DatasetStore } from './store/dataset-store.js';
import type { DatasetVersion } from './types.js';

export interface GenerateCommandOptions extends ConnectOptions {
  from: string;
  count: number;
  model: string;
  /** Dataset to append to; "<folder>-synthetic" by default. */
  dataset?: string;
  seed?: number;
  concurrency?: number;
  datasets: Pick<DatasetStore, 'append' | 'latest'>;
}

/**
 * `switchyard eval generate`: synthetic question/answer items grounded in a folder's documents,
 * appended to a dataset as a new version, every item marked unreviewed.
 *
 * @example await generateFromFolder({ from: 'docs', count: 20, model: 'claude', configPath, datasets: stores.datasets });
 */
export async function generateFromFolder(options: GenerateCommandOptions): Promise<{ version: DatasetVersion; added: number; generated: number; failures: { source: string; error: string }[] }> {
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > 10_000) throw new SwitchyardError('invalid_request', `--count must be an integer from 1 to 10000, got ${options.count}`);
  const documents = readDocuments(options.from);
  const gateway = await connectGateway({ configPath: options.configPath, config: options.config, gatewayUrl: options.gatewayUrl, store: options.store, apiKey: options.apiKey });
  try {
    if (!gateway.models.includes(options.model)) throw new SwitchyardError('model_not_found', `unknown model "${options.model}" (the gateway serves: ${gateway.models.join(', ') || 'none'})`);
    const result = await generateItems(new LimitedCaller(gateway.client, options.concurrency ?? 8), documents, {
      model: options.model,
      count: options.count,
      random: seededRandom(options.seed ?? 1),
      generationId: newId('gen'),
    });
    if (result.items.length === 0) throw new SwitchyardError('upstream_error', `the model produced no usable items (${result.failures.map((f) => `${f.source}: ${f.error}`).join('; ') || 'empty replies'})`);
    const dataset = options.dataset ?? `${basename(resolve(options.from))}-synthetic`;
    const before = await options.datasets.latest(dataset);
    const version = await options.datasets.append(dataset, result.items, `generate --from ${options.from} --model ${options.model}`);
    // Items the dataset already held (the same passages asked again) are not added twice; all of them: no new version.
    const unchanged = before?.id === version.id;
    return { version, added: unchanged ? 0 : result.items.length, generated: result.items.length, failures: result.failures };
  } finally {
    await gateway.close();
  }
}
