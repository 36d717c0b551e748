// Runs `npm ci` unless node_modules already holds exactly what package-lock.json pins.
// Usage: node scripts/ensure-deps.mjs <expected dashjs version>
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const expected = process.argv[2];
const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json'; // written by npm ci / npm install
const dashPkg = 'node_modules/dashjs/package.json';

function fail(msg) {
  console.error(`[dashjs-client] ${msg}`);
  process.exit(1);
}

if (!existsSync(lock)) fail(`${lock} is missing; it pins dashjs and must be committed`);
const pinned = JSON.parse(readFileSync(lock, 'utf8')).packages?.['node_modules/dashjs']?.version;
if (expected && pinned !== expected) fail(`${lock} pins dashjs ${pinned}, the root pom expects ${expected}`);

// every direct dependency (dashjs, uplot) must be installed at the version the lock file pins
const direct = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies || {});
const lockPackages = JSON.parse(readFileSync(lock, 'utf8')).packages || {};

function installedVersion(name) {
  const pkg = `node_modules/${name}/package.json`;
  return existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : null;
}

function fresh() {
  if (!existsSync(installed) || !existsSync(dashPkg)) return false;
  if (statSync(installed).mtimeMs < statSync(lock).mtimeMs) return false;
  return direct.every((name) => installedVersion(name) === lockPackages[`node_modules/${name}`]?.version);
}

if (fresh()) {
  console.log(`[dashjs-client] node_modules is fresh (${direct.map((n) => `${n} ${installedVersion(n)}`).join(', ')}); skipping npm ci`);
} else {
  console.log('[dashjs-client] npm ci --no-audit --no-fund');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.error) fail(`cannot run npm: ${r.error.message}`);
  if (r.status !== 0) fail(`npm ci failed with exit ${r.status}`);
  if (!fresh()) fail('npm ci finished but node_modules does not match package-lock.json');
}
