// extensionTestsPath of the integration suite (workspace: test/integration/workspace).
import { runSuite } from '../../mochaInHost';

/** Figures the tests measured (the activation's cost), printed with the results. */
export const reportLines: string[] = [];

export function run(): Promise<void> {
  return runSuite(__dirname, { title: 'integration', timeout: 30000, report: reportLines });
}
