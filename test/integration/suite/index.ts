// extensionTestsPath of the integration suite (workspace: test/integration/workspace).
import { runSuite } from '../../mochaInHost';

export function run(): Promise<void> {
  return runSuite(__dirname, { title: 'integration', timeout: 30000 });
}
