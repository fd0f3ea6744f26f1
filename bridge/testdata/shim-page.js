// Runs the rendered shim in a Node vm context, as the top document of a
// page at https://mo.example/portal whose window has webview_go's
// window.external ({invoke}), then a page script that first spies on the
// built-ins a naive shim would use (JSON.stringify, String and Array
// methods, Object.prototype setters): none may ever see the token.
// Timers run after the page script (coalesced events flush then).
// Usage: node shim-page.js <rendered-shim.js> <token> <page-script.js>
// Prints {"envelopes": [envelope JSON texts], "stolen": [texts the spies
// saw holding the token], "errors": [what the page script threw],
// "page": what the page script left in window.__result}.
'use strict';
const vm = require('vm');
const fs = require('fs');
const shim = fs.readFileSync(process.argv[2], 'utf8');
const token = process.argv[3];
const page = fs.readFileSync(process.argv[4], 'utf8');

const posted = [];
const sandbox = {};
vm.createContext(sandbox);
sandbox.__post = (s) => { posted.push(String(s)); };
vm.runInContext(`
  globalThis.window = globalThis;
  window.webkit = { messageHandlers: { external: { postMessage: function (s) { __post(s); } } } };
  window.external = { invoke: function (s) { window.webkit.messageHandlers.external.postMessage(s); } };
  window.__timers = [];
  window.performance = { now: function () { return 1; } };
  window.requestAnimationFrame = function () { return 1; };
  window.addEventListener = function () {};
  window.setTimeout = function (f) { window.__timers.push(f); return 1; };
  window.document = { readyState: 'complete' };
  window.location = { href: 'https://mo.example/portal' };
`, sandbox);
vm.runInContext(shim, sandbox);
const result = vm.runInContext(`
  var __stolen = [];
  var __errors = [];
  (function () {
    var has = String.prototype.indexOf;
    var tok = ${JSON.stringify(token)};
    function saw(v) {
      try {
        var s = typeof v === 'string' ? v : '';
        if (s && Reflect.apply(has, s, [tok]) >= 0) { __stolen.push(s); }
      } catch (e) { /* ignore */ }
    }
    function spy(obj, name) {
      var orig = obj && obj[name];
      if (typeof orig !== 'function') { return; }
      obj[name] = function () {
        saw(this);
        for (var i = 0; i < arguments.length; i++) { saw(arguments[i]); }
        return Reflect.apply(orig, this, arguments);
      };
    }
    spy(JSON, 'stringify');
    ['slice', 'charCodeAt', 'concat', 'indexOf', 'replace', 'split', 'substring'].forEach(function (n) { spy(String.prototype, n); });
    ['join', 'push', 'concat'].forEach(function (n) { spy(Array.prototype, n); });
    Object.defineProperty(Object.prototype, 'token', { configurable: true, set: function (v) { saw(v); } });
  })();
  try { (0, eval)(${JSON.stringify(page)}); } catch (e) { __errors.push(String(e && e.message || e)); }
  for (var __i = 0; __i < window.__timers.length && __i < 100; __i++) {
    try { window.__timers[__i](); } catch (e) { __errors.push('timer: ' + String(e && e.message || e)); }
  }
  ({ stolen: __stolen, errors: __errors, page: window.__result });
`, sandbox);
// Messages that are no RPC of the shim's (the page's own
// window.external.invoke('raw')) are left out, as the host refuses them.
const envelopes = [];
for (const m of posted) {
  try { envelopes.push(JSON.parse(m).params[0]); } catch (e) { /* not the shim's */ }
}
process.stdout.write(JSON.stringify({ envelopes, stolen: result.stolen, errors: result.errors, page: result.page === undefined ? null : result.page }));
