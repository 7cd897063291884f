// browser.js: one headless Debian Chromium with one page holding page.html,
// in a fresh user data dir that is removed when the browser closes. Stale
// dirs of adapters that were killed (their pid is gone) are removed at start.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const PREFIX = 'e2eproof-webcrypto-';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

function removeStaleDirs() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const m = new RegExp('^' + PREFIX + '(\\d+)-').exec(name);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) {
      fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

// launch: {page, close()}; throws when Chromium or playwright-core is missing.
async function launch() {
  const { chromium } = require('playwright-core');
  try { removeStaleDirs(); } catch (e) { /* another adapter may remove the same dir */ }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX + process.pid + '-'));
  const removeDir = () => {
    try { fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch (e) { /* the next start removes it */ }
  };
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: ARGS,
  });
  // Registered after playwright-core's own exit handler, which kills the
  // browser first: exiting needs no slow graceful close.
  process.on('exit', removeDir);
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => process.stderr.write('webcrypto page error: ' + e.message + '\n'));
  // file:// is a secure context, so crypto.subtle is there.
  await page.goto('file://' + path.join(__dirname, 'page.html'));
  await page.waitForFunction(() => window.E2E && window.E2E.ready);
  return {
    page,
    async close() {
      await context.close().catch(() => {});
      removeDir();
    },
  };
}

module.exports = { launch };
