// Entry of a check worker thread (bundled as dist/checkWorker.js; started by src/core/checkPool.ts for the CLI
// and the editor's workspace scan): serves check and walk requests.
import { parentPort } from 'worker_threads';
import { CheckService, PoolRequest } from './core/checkPool';

if (parentPort) {
  const port = parentPort;
  const service = new CheckService();
  port.on('message', (req: PoolRequest) => service.handle(req, r => port.postMessage(r)));
}
