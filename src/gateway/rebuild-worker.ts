/** Worker thread: turns captured SSE text into the rebuilt answer's JSON text, off the main thread. */
import { parentPort } from 'node:worker_threads';
import { type CapturedSse, rebuildCaptured } from './captured-stream.js';

parentPort?.on('message', ({ id, items }: { id: number; items: CapturedSse[] }) => {
  const texts = items.map((item) => {
    try {
      return JSON.stringify(rebuildCaptured(item));
    } catch {
      return 'null';
    }
  });
  parentPort?.postMessage({ id, texts });
});
