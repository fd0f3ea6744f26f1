// Runs the rendered shim in a Node vm context (a page at an empty URL whose
// performance.now() is 0, so an envelope is exactly bridge.EnvelopeBytes)
// and makes one DataMart.createPurchaseMetaData call per case.
// Usage: node shim-size.js <rendered-shim.js> <encoder|no-encoder> <cases.json>
//   cases.json: [{"unit": JS expression, "count": n, "pad": n}, ...]; the
//   argument is 'a'.repeat(pad) + (unit).repeat(count). Prints
//   {"results": per case "forwarded" or "oversize", "stolen": the names of
//   the page's replaced built-ins that saw an envelope}.
// Usage: node shim-size.js <rendered-shim.js> <encoder|no-encoder> bench <calls>
//   makes <calls> calls of a 200,000-character ASCII string, prints ms per call.
'use strict';
const vm = require('vm');
const fs = require('fs');
const shim = fs.readFileSync(process.argv[2], 'utf8');
const withEncoder = process.argv[3] === 'encoder';

const posted = [];
const sandbox = {};
vm.createContext(sandbox);
sandbox.__post = (s) => { posted.push(String(s)); };
if (withEncoder) { sandbox.TextEncoder = TextEncoder; }
vm.runInContext(`
  globalThis.window = globalThis;
  window.webkit = { messageHandlers: { external: { postMessage: function (s) { __post(s); } } } };
  window.performance = { now: function () { return 0; } };
  window.requestAnimationFrame = function () { return 1; };
  window.addEventListener = function () {};
  window.setTimeout = function () { return 1; };
  window.document = { readyState: 'complete' };
  window.location = { href: '' };
`, sandbox);
vm.runInContext(shim, sandbox);
// The page replaces the built-ins a naive shim would measure with: none may
// see an envelope (the token).
vm.runInContext(`
  var __stolen = [];
  (function () {
    var has = String.prototype.indexOf;
    function spy(obj, name) {
      var orig = obj && obj[name];
      if (typeof orig !== 'function') { return; }
      obj[name] = function () {
        var all = typeof this === 'string' ? this : '';
        for (var i = 0; i < arguments.length; i++) { if (typeof arguments[i] === 'string') { all += arguments[i]; } }
        if (Reflect.apply(has, all, ['"token"']) >= 0) { __stolen.push(name); }
        return Reflect.apply(orig, this, arguments);
      };
    }
    spy(String.prototype, 'charCodeAt');
    spy(String.prototype, 'codePointAt');
    if (typeof TextEncoder === 'function') {
      spy(TextEncoder.prototype, 'encodeInto');
      spy(TextEncoder.prototype, 'encode');
    }
  })();
`, sandbox);

function apiOf(msg) {
  return JSON.parse(JSON.parse(msg).params[0]).api;
}

if (process.argv[4] === 'bench') {
  const calls = Number(process.argv[5]);
  const ms = vm.runInContext(`(function () {
    var s = 'x'.repeat(200000), t0 = Date.now();
    for (var i = 0; i < ${calls}; i++) { DataMart.createPurchaseMetaData(s); }
    return Date.now() - t0;
  })()`, sandbox);
  const sent = posted.filter((m) => apiOf(m) === 'DataMart.createPurchaseMetaData').length;
  process.stdout.write(JSON.stringify({ msPerCall: ms / calls, sent: sent }));
} else {
  const cases = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
  const out = [];
  for (const c of cases) {
    posted.length = 0;
    vm.runInContext(`DataMart.createPurchaseMetaData('a'.repeat(${c.pad}) + (${c.unit}).repeat(${c.count}));`, sandbox);
    const apis = posted.map(apiOf);
    if (apis.length === 1 && apis[0] === 'DataMart.createPurchaseMetaData') {
      out.push('forwarded');
    } else if (apis.length === 1 && apis[0] === 'mpsim:oversize') {
      out.push('oversize');
    } else {
      out.push('posted ' + JSON.stringify(apis));
    }
  }
  process.stdout.write(JSON.stringify({ results: out, stolen: vm.runInContext('__stolen', sandbox) }));
}
