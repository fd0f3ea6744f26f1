// Runs the rendered shim in a Node vm context that imitates the parts of a
// WebKit page the shim uses, then plays a hostile page script against it.
// Usage: node shim-harness.js <rendered-shim.js> <token> <dispatch-key>
'use strict';
const vm = require('vm');
const fs = require('fs');
const shim = fs.readFileSync(process.argv[2], 'utf8');
const token = process.argv[3];
const dispatchKey = process.argv[4];

const posted = [];
const sandbox = {};
vm.createContext(sandbox);
sandbox.__post = (s) => { posted.push(String(s)); };
vm.runInContext(`
  globalThis.window = globalThis;
  var __docListeners = {};
  var __raf = [];
  window.webkit = { messageHandlers: { external: { postMessage: function (s) { __post(s); } } } };
  window.external = { invoke: function (s) { window.webkit.messageHandlers.external.postMessage(s); } };
  window.performance = { now: function () { return 123.5; } };
  window.requestAnimationFrame = function (cb) { __raf.push(cb); return __raf.length; };
  window.addEventListener = function (t, f) { (__docListeners[t] = __docListeners[t] || []).push(f); };
  window.document = { readyState: 'loading' };
  window.location = { href: 'https://mo.example/portal?x=1' };
  // webview_go's binding script (bind() init), as registered before the shim.
  (function () { var name = '__mpsimBridge';
    var RPC = window._rpc = (window._rpc || {nextSeq: 1});
    window[name] = function () { var seq = RPC.nextSeq++;
      window.external.invoke(JSON.stringify({id: seq, method: name, params: Array.prototype.slice.call(arguments)})); };
  })();
`, sandbox);
vm.runInContext(shim, sandbox);

const page = `
  var checks = {};
  var stolen = [];
  var received = [];
  checks.bindingHidden = typeof window.__mpsimBridge === 'undefined';
  var payload = JSON.stringify({ ver: '1', success: true, iccid: '8988247000101997790',
    activationCode: '1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG', transactionId: 'T1',
    purchaseResult: JSON.stringify({ userAccount: MobilePlansUserAccount.new, purchaseInstrument: MobilePlansPurchaseInstrument.none,
      line: MobilePlansLineType.bailed, moDirectStatus: MobilePlansMoDirectStatus.complete, planName: 'MyPlan' }) });
  checks.enumValues = MobilePlansMoDirectStatus.cancelled === 'Cancelled' && MobilePlansActivationError.invalidJson === 'invalidJson' &&
    Object.keys(MobilePlansActivationError).length === 31 && DataMartActivationErrors.success === 'success' &&
    MobilePlansNetworkRegistrationState.home === 'home';
  // The enum objects behave as ordinary objects (String(), hasOwnProperty,
  // instanceof Object), frozen, with non-writable members; the mpsim alias
  // invalidSim works but is not listed: the documented member is invalidSIM
  // (contract §2.3). Until 2026-12-06 they had no prototype: String() threw.
  checks.enumOrdinary = (function () {
    try {
      var all = [MobilePlansUserAccount, MobilePlansPurchaseInstrument, MobilePlansLineType, MobilePlansMoDirectStatus,
        MobilePlansNetworkRegistrationState, MobilePlansActivationError, DataMartUserAccount, DataMartPurchaseInstrument,
        DataMartLineType, DataMartMoDirectStatus, DataMartNetworkRegistrationState, DataMartActivationErrors];
      for (var i = 0; i < all.length; i++) {
        var e = all[i];
        if (String(e) !== '[object Object]' || !(e instanceof Object) || Object.getPrototypeOf(e) !== Object.prototype ||
          !Object.isFrozen(e) || typeof e.hasOwnProperty !== 'function' || ('' + e) !== '[object Object]') { return false; }
      }
      var st = MobilePlansMoDirectStatus;
      var keys = Object.keys(st).join(',');
      (function () { try { st.complete = 'X'; } catch (x) { /* strict mode would throw */ } })();
      return keys === 'complete,serviceError,invalidSIM,logOnFailed,purchaseFailed,clientError,billingError,none,cancelled' &&
        st.hasOwnProperty('invalidSIM') && st.invalidSim === 'InvalidSIM' && st.invalidSIM === 'InvalidSIM' &&
        st.hasOwnProperty('invalidSim') && !st.propertyIsEnumerable('invalidSim') && st.complete === 'Complete' &&
        Object.keys(DataMartMoDirectStatus).join(',') === keys && JSON.stringify(MobilePlansLineType) === '{"new":"New","existing":"Existing","bailed":"Bailed","none":"None"}';
    } catch (x) { return false; }
  })();

  // Hostile page: hook everything a naive shim would use.
  var origStringify = JSON.stringify;
  var origJoin = Array.prototype.join;
  JSON.stringify = function (v) { stolen.push(String(origStringify(v))); return origStringify(v); };
  Object.defineProperty(Object.prototype, 'toJSON', { configurable: true, writable: true, value: undefined });
  var inHook = false;
  Object.prototype.toJSON = function () {
    if (!inHook) { inHook = true; try { var c = {}; for (var k in this) { if (k !== 'toJSON') c[k] = this[k]; } stolen.push(Object.keys(c).join ? Object.keys(c).map(function (k) { return k + '=' + String(c[k]); }).join(',') : ''); } catch (e) {} inHook = false; }
    return this;
  };
  window.external = { invoke: function (s) { stolen.push(String(s)); } };
  Array.prototype.join = function () { stolen.push('join'); return ''; };
  Object.defineProperty(Array.prototype, '0', { configurable: true, set: function (v) { stolen.push(String(v)); }, get: function () { return 'INJECTED'; } });

  DataMart.notifyPurchaseResult(payload);
  var md = MobilePlans.createPurchaseMetaData();
  md.userAccount = MobilePlansUserAccount.new; md.lineType = MobilePlansLineType.new;
  md.modirectStatus = MobilePlansMoDirectStatus.complete; md.planName = 'P';
  MobilePlansInlineOperations.profileActivationCompleteScript = 'onActivation';
  MobilePlansInlineProfileDownload.registrationChangedScript = function onReg(s) { received.push(['reg', s]); };
  window.onActivation = function (s) { received.push(['act', s]); };
  var op = MobilePlansInlineOperations.notifyProfileDownload(md, '1$smdp.address$matchingID', 30);
  checks.opContext = op && typeof op.Id === 'string' && op.Id.length > 0;
  var op2 = MobilePlansInlineOperations.notifyBalanceAddition(md);
  checks.opUnique = op2.Id !== op.Id;
  MobilePlansInlineOperations.notifyOperationCancel(op);
  checks.listenerShared = MobilePlansInlineOperations.registrationCompleteScript === MobilePlansInlineProfileDownload.registrationChangedScript;
  var cyc = {}; cyc.self = cyc;
  MobilePlans.notifyCancelledPurchase(cyc, undefined, function namedFn() {}, 10n, null, 'str');
  // A method the real app does not have is absent, as on Windows: a feature
  // test sees undefined, a call throws the engine's TypeError; the lookups
  // reach the host as one coalesced event.
  checks.missingMethodAbsent = typeof MobilePlans.notifyPurchaseResult === 'undefined' &&
    !('notifyPurchaseResult' in MobilePlans) && Object.keys(MobilePlans).indexOf('notifyPurchaseResult') < 0 &&
    Object.getOwnPropertyNames(MobilePlans).indexOf('notifyPurchaseResult') < 0 &&
    !Object.prototype.hasOwnProperty.call(MobilePlans, 'notifyPurchaseResult') && Object.isFrozen(MobilePlans) &&
    typeof MobilePlans.notifyCancelledPurchase === 'function';
  try { MobilePlans.notifyPurchaseResult('x'); checks.missingMethodThrows = false; } catch (e) { checks.missingMethodThrows = e instanceof TypeError; }
  MobilePlans.notifyBalanceAddition({ big: 'x'.repeat(300000) }, '8900000000000000001');
  // Page-side hooks end here (they would break the page's own listeners below).
  delete Array.prototype[0];
  Array.prototype.join = origJoin;
  (function () { 'use strict'; window.DataMart = {}; checks.overwriteNoThrow = true; })();
  checks.dataMartKept = typeof DataMart.notifyPurchaseResult === 'function';
  try { MobilePlans.notifyCancelledPurchase = null; checks.methodReadOnly = MobilePlans.notifyCancelledPurchase !== null; } catch (e) { checks.methodReadOnly = true; }
  var dd = window.__mpsimDispatchListener;
  // The page forges listener events: without the host's key nothing happens.
  checks.forgedIgnored = dd('profileActivationComplete', '{"activationResult":"success","iccid":"F"}') === false &&
    dd('guess', 'registrationChanged', '{}') === false && received.length === 0;
  // The host's calls (CallbackScript) carry the key.
  // Each with the host's call number, which the shim's answer echoes.
  var hostCalls = 0;
  var d = function (k, a) { hostCalls += 1; return dd(${JSON.stringify(dispatchKey)}, k, a, hostCalls); };
  d('profileActivationComplete', '{"activationResult":"success","iccid":"1"}');
  d('registrationChanged', '{"networkRegistrationState":"home","iccid":"1"}');
  MobilePlansInlineOperations.profileActivationCompleteScript = 'doesNotExist';
  d('profileActivationComplete', '{}');
  MobilePlansInlineOperations.profileActivationCompleteScript = '';
  d('profileActivationComplete', '{}');
  window.thrower = function () { throw new Error('boom'); };
  DataMartInlineProfile.registrationChangedScript = 'thrower';
  d('registrationChanged', '{}');
  // What is no Error is recorded as itself (it was "error").
  window.throwsObject = function () { throw { code: 42 }; };
  DataMartInlineProfile.registrationChangedScript = 'throwsObject';
  d('registrationChanged', '{}');
  window.throwsString = function () { throw 'card declined'; };
  DataMartInlineProfile.registrationChangedScript = 'throwsString';
  d('registrationChanged', '{}');
  checks.received = received.length === 2 && received[0][0] === 'act' && received[0][1] === '{"activationResult":"success","iccid":"1"}';

  // Every built-in a shim could call at call time is replaced with a spy
  // that looks for the token in its receiver and arguments (steal2.html:
  // String.prototype.charCodeAt saw a long envelope). A long listener name
  // (between a third of the envelope cap and the cap) makes the shim measure
  // the envelope's UTF-8 length.
  (function () {
  var spied = 0;
  var inSpy = false;
  var origApply = Reflect.apply;
  var seenBy = Object.create(null);
  var needle = '4' + 'f9a'; // the token's tail, spelt so this source does not contain it
  function spyText(x) {
    var t = typeof x;
    if (t === 'string') { return x; }
    if (x && (t === 'object' || t === 'function')) {
      try { return origStringify(x) || ''; } catch (e) { return ''; }
    }
    return '';
  }
  function spy(obj, name) {
    var orig = obj[name];
    if (typeof orig !== 'function') { return; }
    var f = function () {
      'use strict';
      if (!inSpy && !seenBy[name]) {
        inSpy = true;
        try {
          spied++;
          var all = spyText(this);
          for (var i = 0; i < arguments.length; i++) { all += spyText(arguments[i]); }
          if (!seenBy[name] && all.indexOf(needle) >= 0) { seenBy[name] = true; stolen.push(name + ': ' + all.slice(0, 300)); }
        } catch (e) {}
        inSpy = false;
      }
      return origApply(orig, this, arguments);
    };
    try { Object.defineProperty(obj, name, { value: f, writable: true, configurable: true }); } catch (e) { obj[name] = f; }
  }
  [[String.prototype, ['charCodeAt', 'codePointAt', 'charAt', 'slice', 'substring', 'substr', 'indexOf', 'replace', 'split', 'concat',
      'toString', 'valueOf', 'normalize', 'match', 'at', 'padEnd', 'trim']],
   [Array.prototype, ['push', 'join', 'concat', 'slice', 'map', 'forEach', 'indexOf', 'toString']],
   [Object.prototype, ['toString', 'valueOf', 'hasOwnProperty']],
   [Object, ['keys', 'defineProperty', 'freeze', 'create', 'assign', 'getPrototypeOf', 'entries']],
   [JSON, ['stringify', 'parse']], [Math, ['floor', 'random', 'min', 'max']], [Reflect, ['apply', 'get']],
   [Function.prototype, ['apply', 'call', 'bind']], [Number.prototype, ['toString']], [Date.prototype, ['toISOString', 'toJSON']],
   [window.webkit.messageHandlers.external, ['postMessage']], [window.performance, ['now']], [window, ['setTimeout', 'encodeURIComponent']]
  ].forEach(function (e) { e[1].forEach(function (n) { spy(e[0], n); }); });
  MobilePlansInlineOperations.registrationChangedScript = 'x' + 'y'.repeat(30000);
  DataMart.createPurchaseMetaData('a'.repeat(30000));
  MobilePlansInlineOperations.registrationChangedScript = '';
  // An analytics wrapper assigned to a DataMart method three times: ignored,
  // reported once with a count.
  var origNotify = DataMart.notifyPurchaseResult;
  for (var wi = 0; wi < 3; wi++) { DataMart.notifyPurchaseResult = function () {}; }
  checks.wrapIgnored = DataMart.notifyPurchaseResult === origNotify;
  // protojson.html: a page toJSON must not rewrite an object argument.
  Object.prototype.toJSON = function () { return 'polluted'; };
  MobilePlans.notifyCancelledPurchase({ userAccount: 'Bailed', when: new Date(0), list: [1, 'two', undefined] });
  delete Object.prototype.toJSON;
  checks.spied = spied > 0;
  })();
  var globalsText = '';
  Object.getOwnPropertyNames(window).forEach(function (k) {
    try { var v = window[k]; if (typeof v === 'string') globalsText += v; else if (v && typeof v === 'object') globalsText += origStringify(v) || ''; } catch (e) {}
  });
  ({ checks: checks, stolen: stolen, globalsText: globalsText });
`;
const out = vm.runInContext(page, sandbox);
// first paint: DOMContentLoaded then two animation frames
vm.runInContext(`(__docListeners.DOMContentLoaded || []).forEach(function (f) { f(); });
  var q = __raf; __raf = []; q.forEach(function (f) { f(); }); q = __raf; __raf = []; q.forEach(function (f) { f(); });`, sandbox);
process.stdout.write(JSON.stringify({ posted, checks: out.checks, stolen: out.stolen, globalsText: out.globalsText }));
