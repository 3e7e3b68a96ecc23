// Entry of a check worker thread (bundled as dist/checkWorker.js; started by src/core/checkPool.ts for the CLI
// and the editor's workspace scan): serves check and walk requests.
import { parentPort, workerData } from 'worker_threads';
import { CheckService, PoolRequest } from './core/checkPool';
import { setCatalog } from './core/l10n';

setCatalog((workerData as { catalog?: Record<string, string> } | null)?.catalog);

if (parentPort) {
  const port = parentPort;
  const service = new CheckService();
  port.on('message', (req: PoolRequest) => service.handle(req, r => port.postMessage(r)));
}
