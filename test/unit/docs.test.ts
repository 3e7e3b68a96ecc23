// The documentation says what the code does: docs/rules.md lists every rule, and package.json's settings know every code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { RULES } from '../../src/core/rules';
import { repoRoot } from './helpers';

test('docs/rules.md is generated from the current rule registry', () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/rules-doc.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the disabledRules setting offers every rule code', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const items = pkg.contributes.configuration.properties['newsPost.diagnostics.disabledRules'].items.enum;
  assert.deepEqual([...items].sort(), Object.keys(RULES).sort());
});
