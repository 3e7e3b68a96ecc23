// extensionTestsPath of the .vsix suite (the packaged extension installed as a user installs it).
import { runSuite } from '../../mochaInHost';

export function run(): Promise<void> {
  return runSuite(__dirname, { title: 'vsix', timeout: 60000 });
}
