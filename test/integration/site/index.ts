// extensionTestsPath of the whole-site suite (workspace: the generated site of makeSite.ts); the figures the
// tests measure are printed with the results.
import { runSuite } from '../../mochaInHost';

/** Lines the tests add to the printed results (measured figures). */
export const reportLines: string[] = [];

export function run(): Promise<void> {
  return runSuite(__dirname, { title: 'integration (whole site)', timeout: 120000, report: reportLines });
}
