#!/usr/bin/env bash
# Screenshots of every step of the built-in demo portal at 800x600 (the Mobile
# Plans default frame, contract §1.6/§4) in each language, taken with headless
# Chromium driven over the DevTools protocol (a pipe, no port), against
# `mpsim demo-portal`. A stub of the host's objects (DataMart, MobilePlans,
# MobilePlansInlineOperations) is injected so the page behaves as in the app;
# it calls the page's listeners back like the host after an inline download
# or top-up. Shot "nohost" leaves it out to show the plain-browser warning.
# The shots of the current APIs (modes, install, inline, deferred, dlcancel,
# topupconfirm, topup) rewrite the page's data block to the "inline" API, the demo
# operator setting that `mpsim run --demo-api inline` or MPSIM_DEMO_API=inline
# chooses.
#
# Usage: scripts/portal-shots.sh [OUTDIR]     (default out/portal-shots)
# Env:   MPSIM_BIN (default: built into a temp dir), CHROMIUM (/usr/bin/chromium),
#        LANGS ("en fr de es ja"), SHOTS (all, or a subset of the names below),
#        PORT (demo portal port, default 18443).
# Needs: chromium, node, fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk).
# Prints one line per shot; "OVERFLOW" marks a page taller or wider than 800x600
# (scrolling inside the frame) and "UNTRANSLATED" English words left in a
# non-English page.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/go-env.sh
. scripts/go-env.sh
out=${1:-out/portal-shots}
chromium=${CHROMIUM:-/usr/bin/chromium}
port=${PORT:-18443}
langs=${LANGS:-en fr de es ja}
shots=${SHOTS:-plan account signin payment confirm done cancel error launch nohost modes install inline deferred dlcancel topupconfirm topup}
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill "$portal_pid" 2>/dev/null || true; wait "$portal_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
portal_pid=

bin=${MPSIM_BIN:-}
if [ -z "$bin" ]; then
	bin=$work/mpsim
	go build -o "$bin" ./app
fi
export MPSIM_CONFIG_DIR=$work/config
"$bin" demo-portal --addr "127.0.0.1:$port" >"$work/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 50); do
	grep -q '^demo portal:' "$work/portal.log" && break
	sleep 0.1
done
base=$(sed -n 's/^demo portal: //p' "$work/portal.log")
[ -n "$base" ] || { cat "$work/portal.log" >&2; exit 1; }
# Launch URLs the simulated app would open: an eSIM device, and a physical SIM
# whose ICCID fails its check digit (for the launch-problem page).
esim_url=$("$bin" url --portal "$base" --sim esim --seed 7)
bad_url=$("$bin" url --portal "$base" --preset bad-iccid-check-digit --seed 7)

cat >"$work/shots.js" <<'EOF'
// Minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (fd 3: commands to Chromium, fd 4: answers, NUL-separated JSON).
const { spawn } = require('child_process');
const fs = require('fs');
const [chromium, outDir, esimURL, badURL, langList, shotList] = process.argv.slice(2);
const ACCEPT = { en: 'en-US,en', fr: 'fr-FR,fr', de: 'de-DE,de', es: 'es-ES,es', ja: 'ja-JP,ja' }; // Chromium adds the q-values
const proc = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--ignore-certificate-errors', '--hide-scrollbars', '--remote-debugging-pipe', '--window-size=800,600', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
proc.stderr.on('data', d => { stderr += d; });
const toChrome = proc.stdio[3], fromChrome = proc.stdio[4];
let nextId = 1, buf = '';
const waiting = new Map(), listeners = [];
fromChrome.on('data', d => {
  buf += d.toString('utf8');
  let i;
  while ((i = buf.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (msg.id && waiting.has(msg.id)) {
      const w = waiting.get(msg.id); waiting.delete(msg.id);
      msg.error ? w.reject(new Error(w.method + ': ' + msg.error.message)) : w.resolve(msg.result);
    } else if (msg.method) listeners.forEach(l => l(msg));
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toChrome.write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
}
const sleep = ms => new Promise(r => setTimeout(r, ms));

// The host's objects, as far as the page uses them (contract §2.1).
// The listeners get one JSON-string argument (§2.5), as from the host.
const HOST_STUB = `
  window.DataMart = { notifyPurchaseResult: function () {} };
  window.MobilePlans = { createPurchaseMetaData: function () { return {}; }, notifyCancelledPurchase: function () {},
    notifyPurchaseWithProfileDownload: function () {} };
  window.MobilePlansInlineOperations = {
    call: function (name, args, ms) { var o = this; setTimeout(function () { window[o[name]](JSON.stringify(args)); }, ms); },
    notifyProfileDownload: function (md, code, delay) {
      if (!delay) {
        var iccid = document.getElementById('order-iccid').textContent;
        this.call('profileActivationCompleteScript', { activationResult: 'success', iccid: iccid }, 300);
        this.call('registrationChangedScript', { networkRegistrationState: 'home', iccid: iccid }, 600);
      }
      return { Id: '1' };
    },
    notifyBalanceAddition: function (md, iccid) {
      if (iccid) this.call('profileActivationCompleteScript', { activationResult: 'success', iccid: iccid }, 300);
      return { Id: '2' };
    },
    notifyOperationCancel: function () {} };`;

// Each shot: launch URL, whether the host is present, and page actions (run
// in the page, one per tick, as a user would click).
const fillNew = `document.getElementById('new-name').value='Demo User';document.getElementById('new-email').value='demo@example.com'`;
const fillCard = `document.getElementById('card-number').value='4242 4242 4242 4242';document.getElementById('card-expiry').value='12/30'`;
const click = id => `document.getElementById('${id}').click()`;
const toPayment = [click('btn-next'), fillNew, click('btn-next')];
const toConfirm = toPayment.concat([fillCard, click('btn-next')]);
const later = `document.getElementById('install-later').click()`;
const signInAlex = [click('btn-next'), click('account-existing'),
  `document.getElementById('signin-email').value='alex@contoso.example';document.getElementById('signin-password').value='demo'`,
  click('btn-next')];
const SHOTS = {
  plan: { url: esimURL, steps: [] },
  account: { url: esimURL, steps: [click('btn-next'), fillNew] },
  signin: { url: esimURL, steps: [click('btn-next'), click('account-existing'),
    `document.getElementById('signin-email').value='alex@contoso.example';document.getElementById('signin-password').value='demo'`] },
  payment: { url: esimURL, steps: toPayment.concat([fillCard]) },
  confirm: { url: esimURL, steps: toConfirm },
  done: { url: esimURL, steps: toConfirm.concat([click('btn-next')]), wait: 1500 },
  cancel: { url: esimURL, steps: [click('btn-next'), fillNew, click('btn-cancel')] },
  error: { url: esimURL, steps: [`document.getElementById('testpanel').open=true`,
    `document.querySelector('input[name=force][value=ServiceError]').click()`].concat(toConfirm, [click('btn-next')]), wait: 1500 },
  launch: { url: badURL, steps: [] },
  nohost: { url: esimURL, steps: [], nohost: true },
  // The current APIs (inline: the page data says api "inline").
  modes: { url: esimURL, inline: true, steps: [click('mode-topup')] },
  install: { url: esimURL, inline: true, steps: toConfirm.concat([later]) },
  inline: { url: esimURL, inline: true, steps: toConfirm.concat([click('btn-next')]), wait: 1500 },
  deferred: { url: esimURL, inline: true, steps: toConfirm.concat([later, click('btn-next')]), wait: 1500 },
  dlcancel: { url: esimURL, inline: true, steps: toConfirm.concat([later, click('btn-next'), click('btn-cancel-download')]), wait: 1000 },
  topupconfirm: { url: esimURL, inline: true, steps: [click('mode-topup')].concat(signInAlex, [click('payment-existing'), click('btn-next')]) },
  topup: { url: esimURL, inline: true, steps: [click('mode-topup')].concat(signInAlex, [click('payment-existing'), click('btn-next'),
    click('btn-next')]), wait: 1500 },
};
// Inline shots: serve the page with the demo operator's API set to "inline".
let inlinePage = false;
listeners.push(async m => {
  if (m.method !== 'Fetch.requestPaused') return;
  const p = m.params;
  try {
    const r = await send('Fetch.getResponseBody', { requestId: p.requestId }, m.sessionId);
    let html = r.base64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body;
    if (inlinePage) html = html.replace('"api":"legacy"', '"api":"inline"');
    const headers = (p.responseHeaders || []).filter(h => !/^(content-encoding|content-length)$/i.test(h.name));
    await send('Fetch.fulfillRequest', { requestId: p.requestId, responseCode: p.responseStatusCode || 200,
      responseHeaders: headers, body: Buffer.from(html, 'utf8').toString('base64') }, m.sessionId);
  } catch (e) { console.error('rewrite: ' + e.message); }
});
// English words that must not show on a translated page (checked on visible text).
const ENGLISH = ['Next', 'Back', 'Cancel', 'Payment', 'Your device', 'Choose', 'Leave', 'Try again', 'Sign in', 'Thank you'];

(async () => {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const s = (m, p) => send(m, p, sessionId);
  await s('Page.enable');
  await s('Runtime.enable');
  await s('Emulation.setDeviceMetricsOverride', { width: 800, height: 600, deviceScaleFactor: 1, mobile: false });
  const ua = (await send('Browser.getVersion')).userAgent.replace('HeadlessChrome', 'Chrome');
  let stubId = null, problems = 0;
  for (const lang of langList.split(/\s+/).filter(Boolean)) {
    await s('Emulation.setUserAgentOverride', { userAgent: ua, acceptLanguage: ACCEPT[lang] || lang });
    for (const name of shotList.split(/\s+/).filter(Boolean)) {
      const shot = SHOTS[name];
      if (!shot) throw new Error('unknown shot ' + name);
      if (stubId) { await s('Page.removeScriptToEvaluateOnNewDocument', { identifier: stubId }); stubId = null; }
      if (!shot.nohost) stubId = (await s('Page.addScriptToEvaluateOnNewDocument', { source: HOST_STUB })).identifier;
      inlinePage = !!shot.inline;
      if (inlinePage) await s('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Response' }] });
      else await s('Fetch.disable');
      const loaded = new Promise(r => { const l = m => { if (m.method === 'Page.loadEventFired') { listeners.splice(listeners.indexOf(l), 1); r(); } }; listeners.push(l); });
      await s('Page.navigate', { url: shot.url });
      await loaded;
      await sleep(300);
      for (const step of shot.steps) {
        const r = await s('Runtime.evaluate', { expression: step, awaitPromise: false });
        if (r.exceptionDetails) throw new Error(name + ': ' + step + ': ' + r.exceptionDetails.text);
        await sleep(200);
      }
      await sleep(shot.wait || 300);
      const info = (await s('Runtime.evaluate', { returnByValue: true, expression: `({
        w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,
        lang: document.documentElement.lang, text: document.body.innerText })` })).result.value;
      const png = await s('Page.captureScreenshot', { format: 'png' });
      const file = `${outDir}/portal-${name}-${lang}.png`;
      fs.writeFileSync(file, Buffer.from(png.data, 'base64'));
      const notes = [];
      if (info.w > 800 || info.h > 600) notes.push(`OVERFLOW ${info.w}x${info.h}`);
      if (info.lang !== lang) notes.push(`LANG ${info.lang}`);
      if (lang !== 'en') {
        const left = ENGLISH.filter(w => new RegExp('\\b' + w + '\\b').test(info.text));
        if (left.length) notes.push('UNTRANSLATED ' + JSON.stringify(left));
      }
      problems += notes.length;
      console.log(`${file} ${info.w}x${info.h} ${notes.join(' ')}`);
    }
  }
  await send('Browser.close').catch(() => {});
  process.exit(0);
})().catch(e => { console.error(e.message + '\n' + stderr); proc.kill(); process.exit(1); });
EOF
node "$work/shots.js" "$chromium" "$out" "$esim_url" "$bad_url" "$langs" "$shots"
