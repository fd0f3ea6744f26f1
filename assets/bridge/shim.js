/*
 * mpsim bridge shim — injected at document start in the top frame, before any
 * page script. Rendered by bridge.InitScript (Go), which replaces the config
 * placeholder below with a JSON object {token, bindingName, maxEnvelopeBytes,
 * dispatcher}.
 *
 * It defines every JavaScript object the Windows Mobile Plans app gives an
 * operator portal (contract §2.1) and forwards every call to the host as one
 * envelope {token, api, args, pageUrl, opId?, t}. The session token lives only
 * in this closure: envelopes are serialised by hand from primitives with
 * built-ins captured before page script runs and called through the captured
 * Reflect.apply, so page hooks (JSON.stringify, toJSON, window.external,
 * Array.prototype.join, String.prototype.charCodeAt, ...) never see it. Rule
 * for every edit: nothing that holds the token, or text containing it, is
 * ever passed to a function looked up at call time, to a property access on
 * an object the page can reach, or to an array or object that inherits from
 * a prototype the page can change. The host does not trust pageUrl either: it
 * checks the origin against the URL WebKit reports for the page.
 *
 * Nothing here throws into the page. A method the real app does not have is
 * not here either: MobilePlans.notifyPurchaseResult, which only a FAQ names
 * (contract §5 #15), is undefined to the page (typeof, in, Object.keys), so
 * a feature test takes the same branch as on Windows and a blind call gets
 * the engine's own TypeError; the host only hears that the page looked the
 * name up (see MobilePlans below).
 *
 * The listener dispatcher answers only the host: its first argument must be
 * the dispatch key (derived from the token by the host, never readable by the
 * page), so a page cannot forge listener events into the report.
 */
(function () {
  'use strict';
  var CFG = /*@MPSIM_CONFIG@*/null;
  var w = window;
  if (!CFG || typeof CFG.token !== 'string' || CFG.token === '') { return; }

  // ---- captured built-ins (page script cannot affect them later) ----------
  var TOKEN = CFG.token;
  var BINDING = CFG.bindingName;
  var MAX = CFG.maxEnvelopeBytes;
  var DISPATCHER = CFG.dispatcher;
  var DISPATCH_KEY = CFG.dispatchKey;
  CFG = null;
  var stringify = JSON.stringify;
  var apply = Reflect.apply;
  var defineProperty = Object.defineProperty;
  var freeze = Object.freeze;
  var create = Object.create;
  var hasOwn = Object.prototype.hasOwnProperty;
  var floor = Math.floor;
  var random = Math.random;
  var numToString = Number.prototype.toString;
  var charCodeAt = String.prototype.charCodeAt;
  var strSlice = String.prototype.slice;
  var objectKeys = Object.keys;
  var isArray = Array.isArray;
  var dateProto = Date.prototype;
  var dateToISO = dateProto.toISOString;
  var getPrototypeOf = Object.getPrototypeOf;
  var ProxyCtor = Proxy;
  var reflectGet = Reflect.get;
  var setTimeoutFn = w.setTimeout;
  var perf = w.performance;
  var perfNow = perf && perf.now;
  var raf = w.requestAnimationFrame;
  var addListener = w.addEventListener;
  var doc = w.document;
  var loc = w.location;
  // The UTF-8 encoder utf8Length measures with: WebKit's own, in C++, that
  // reads nothing the page can reach (one per page, made now). Its buffer is
  // made at the first envelope long enough to need measuring.
  var Uint8ArrayCtor = Uint8Array;
  var encoder = null;
  var encodeInto = null;
  try {
    encoder = new w.TextEncoder();
    encodeInto = w.TextEncoder.prototype.encodeInto;
    if (typeof encodeInto !== 'function') { encoder = null; encodeInto = null; }
  } catch (e) { encoder = null; encodeInto = null; }
  var sizeBuf = null;

  function now() {
    try { return apply(perfNow, perf, []); } catch (e) { return 0; }
  }

  // ---- transport ------------------------------------------------------------
  // Post straight to WebKit's message handler, captured now, in webview_go's
  // RPC format {id, method, params}. There is no fallback: webview_go's own
  // binding function reads window.external, JSON.stringify and window._rpc at
  // call time, all of which the page can replace, so it is only removed from
  // the page, never called. The window process never answers these messages,
  // so no promise is registered in window._rpc either.
  var handler = null;
  var post = null;
  try {
    handler = w.webkit.messageHandlers.external;
    post = handler.postMessage;
    if (typeof post !== 'function') { handler = null; post = null; }
  } catch (e) { handler = null; post = null; }
  try { delete w[BINDING]; } catch (e) { /* ignore */ }
  try {
    // Keep a later re-injection of the binding from exposing it again.
    defineProperty(w, BINDING, { value: undefined, writable: false, enumerable: false, configurable: false });
  } catch (e) { /* ignore */ }
  var seq = 0;

  function deliver(envelopeText) {
    try {
      if (post) {
        seq += 1;
        var id = 1000000000 + seq; // far above webview_go's own counter
        var msg = '{"id":' + apply(numToString, id, []) + ',"method":' + stringify(BINDING) +
          ',"params":[' + stringify(envelopeText) + ']}';
        apply(post, handler, [msg]);
      }
    } catch (e) { /* never throw into the page */ }
  }

  function num(n) {
    if (typeof n !== 'number' || n !== n || n === Infinity || n === -Infinity) { return '0'; }
    return apply(numToString, n, []);
  }

  function pageUrl() {
    try { return '' + loc.href; } catch (e) { return ''; }
  }

  // utf8Length returns the UTF-8 byte length of s (a lone surrogate counts
  // as U+FFFD, 3 bytes), or a number above limit once it is above limit.
  // s holds the token: only captured built-ins may look at it. The captured
  // TextEncoder's encodeInto encodes s into a buffer of limit + 4 bytes in
  // C++ (a loop over s in script, with JavaScriptCore's optimising tiers off
  // in the window, took about 20 ms for a 200 KB envelope on a quiet
  // machine); it stops before a code point that does not fit, so if it has
  // not read all of s, s is over limit. Without encodeInto it counts with
  // the captured charCodeAt, a surrogate pair as 4 bytes.
  function utf8Length(s, limit) {
    var n = s.length;
    if (n > limit) { return n; }
    if (n * 3 <= limit) { return n; } // cannot exceed: report a safe lower bound
    if (encodeInto) {
      try {
        if (!sizeBuf) { sizeBuf = new Uint8ArrayCtor(limit + 4); }
        var r = apply(encodeInto, encoder, [s, sizeBuf]);
        var read = r.read;
        var written = r.written;
        if (typeof read === 'number' && typeof written === 'number') {
          if (read >= n) { return written; }
          return written > limit ? written + (n - read) : limit + 1;
        }
      } catch (e) { /* count below */ }
    }
    return utf8LengthByChar(s, n, limit);
  }

  function utf8LengthByChar(s, n, limit) {
    var bytes = 0;
    for (var i = 0; i < n; i++) {
      var c = apply(charCodeAt, s, [i]);
      if (c < 0x80) { bytes += 1; } else if (c < 0x800) { bytes += 2; } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        var c2 = apply(charCodeAt, s, [i + 1]);
        if (c2 >= 0xdc00 && c2 <= 0xdfff) { bytes += 4; i++; } else { bytes += 3; }
      } else { bytes += 3; }
      if (bytes > limit) { return bytes; }
    }
    return bytes;
  }

  // errorText is what a thrown value says: an Error's message, else the
  // value itself (a string as it is, null, undefined, a number, an object
  // as JSON), at most 500 characters; 'error' when nothing can be read.
  function errorText(e) {
    try {
      if (e && typeof e.message === 'string') { return e.message; }
      var t = typeof e;
      var s = e === null ? 'null' : t === 'undefined' ? 'undefined' : t === 'string' ? e :
        (t === 'number' || t === 'boolean' || t === 'bigint') ? '' + e : '';
      if (t === 'object') {
        var seen = create(null);
        seen.n = 0;
        s = toJSONText(e, 0, seen);
      }
      if (typeof s === 'string' && s !== '') { return s.length > 500 ? apply(strSlice, s, [0, 500]) + '…' : s; }
    } catch (x) { /* ignore */ }
    return 'error';
  }

  // encodeArg serialises ONE argument so a string stays a JSON string and an
  // object stays an object; values JSON cannot carry become markers.
  function encodeArg(v) {
    var t = typeof v;
    if (t === 'undefined') { return '{"$undefined":true}'; }
    if (t === 'function') {
      var name = '';
      try { name = v.name; } catch (e) { name = ''; }
      return '{"$function":' + stringify(typeof name === 'string' ? name : '') + '}';
    }
    if (t === 'symbol') {
      var d = '';
      try { d = v.description; } catch (e) { d = ''; }
      return '{"$symbol":' + stringify(typeof d === 'string' ? d : '') + '}';
    }
    if (t === 'bigint') {
      var b = '';
      try { b = '' + v; } catch (e) { b = ''; }
      return '{"$bigint":' + stringify(b) + '}';
    }
    try {
      var seen = create(null);
      seen.n = 0;
      return toJSONText(v, 0, seen);
    } catch (e) {
      return '{"$unserializable":' + stringify(errorText(e)) + '}';
    }
  }

  // toJSONText serialises a string, number, boolean, null, array or object
  // the way JSON.stringify does, with captured built-ins only, and ignores
  // toJSON methods other than Date's own: a page's Object.prototype.toJSON
  // (or JSON.stringify replacement) cannot rewrite the argument as received.
  // seen holds the objects on the current path (a cycle is an error, as in
  // JSON.stringify).
  function toJSONText(v, depth, seen) {
    var t = typeof v;
    if (v === null) { return 'null'; }
    if (t === 'string' || t === 'boolean') { return stringify(v); }
    if (t === 'number') { return (v !== v || v === Infinity || v === -Infinity) ? 'null' : stringify(v); }
    if (t !== 'object') { return undefined; } // undefined, function, symbol: left out
    if (depth > 200) { throw new RangeError('arguments nested more than 200 levels deep'); }
    for (var d = 0; d < seen.n; d++) {
      if (seen[d] === v) { throw new TypeError('JSON.stringify cannot serialize cyclic structures.'); }
    }
    if (getPrototypeOf(v) === dateProto) {
      try { return stringify(apply(dateToISO, v, [])); } catch (e) { return 'null'; }
    }
    seen[seen.n] = v;
    seen.n += 1;
    var out;
    try {
      out = isArray(v) ? arrayText(v, depth, seen) : objectText(v, depth, seen);
    } finally {
      seen.n -= 1;
    }
    return out;
  }

  function arrayText(v, depth, seen) {
    var n = v.length;
    var o = '[';
    for (var i = 0; i < n; i++) {
      var e = toJSONText(v[i], depth + 1, seen);
      o += (i ? ',' : '') + (e === undefined ? 'null' : e);
    }
    return o + ']';
  }

  // One difference from JSON.stringify: a member of the argument itself
  // (depth 0) whose value is undefined is kept, as {"$undefined":true}, so
  // the host can tell a property set to undefined (metadata.moDirectStatus
  // = MobilePlansMoDirectStatus.Completed, a misspelt member) from one never
  // set. Deeper members, functions and symbols are left out as JSON does.
  function objectText(v, depth, seen) {
    var keys = objectKeys(v);
    var n = keys.length;
    var o = '{';
    var first = true;
    for (var i = 0; i < n; i++) {
      var k = keys[i];
      var x = v[k];
      var e = toJSONText(x, depth + 1, seen);
      if (e === undefined && depth === 0 && x === undefined) { e = '{"$undefined":true}'; }
      if (e === undefined) { continue; }
      o += (first ? '' : ',') + stringify(k) + ':' + e;
      first = false;
    }
    return o + '}';
  }

  // sendEncoded builds and delivers one envelope; argsText is the encoded
  // arguments joined by commas. Strings are concatenated directly (no arrays)
  // so prototype setters defined by the page cannot alter the envelope.
  function sendEncoded(api, argsText, opId) {
    flushEvents(); // what the page did before this call is reported before it
    var env = '{"token":' + stringify(TOKEN) + ',"api":' + stringify(api) + ',"args":[' + argsText +
      '],"pageUrl":' + stringify(pageUrl()) + (opId ? ',"opId":' + stringify(opId) : '') +
      ',"t":' + num(now()) + '}';
    var size = utf8Length(env, MAX);
    if (size > MAX) {
      hostEvent('mpsim:oversize', ['api', api, 'size', size]);
      return;
    }
    deliver(env);
  }

  // hostEvent sends an "mpsim:*" event whose single argument is a flat object
  // built from [key, value, key, value, ...] (strings, numbers, booleans);
  // count, when above 1, adds "count" (a coalesced event).
  function hostEvent(api, pairs, count) {
    var o = '{';
    for (var i = 0; i + 1 < pairs.length; i += 2) {
      var v = pairs[i + 1];
      var enc;
      if (typeof v === 'number') { enc = num(v); } else if (typeof v === 'boolean') { enc = v ? 'true' : 'false'; } else { enc = stringify('' + v); }
      o += (i ? ',' : '') + stringify(pairs[i]) + ':' + enc;
    }
    if (count > 1) { o += ',"count":' + num(count); }
    o += '}';
    sendEncoded(api, o, '');
  }

  // ---- coalesced events ------------------------------------------------------
  // Events the page can cause at will (assigning to a Mobile Plans global or
  // method, setting a listener) are not sent one by one: repeats of one
  // event (same key) wait and go as one event with the last values and a
  // count, at the latest before the page's next call, otherwise from a
  // captured timer at most five times a second. So a render loop or a sloppy
  // polyfill costs the host a handful of messages. The stores have no
  // prototype, so page setters on Object.prototype never run.
  var pending = create(null);
  var pendingOrder = create(null);
  var pendingN = 0;
  var flushScheduled = false;
  var lastFlush = -1e9;
  var FLUSH_GAP_MS = 200;

  function coalesce(key, api, pairs) {
    var p = pending[key];
    if (p) {
      p.count += 1;
      p.pairs = pairs;
      return;
    }
    p = create(null);
    p.api = api;
    p.pairs = pairs;
    p.count = 1;
    pending[key] = p;
    pendingOrder[pendingN] = key;
    pendingN += 1;
    scheduleFlush();
  }

  function scheduleFlush() {
    if (flushScheduled || typeof setTimeoutFn !== 'function') { return; }
    flushScheduled = true;
    var wait = lastFlush + FLUSH_GAP_MS - now();
    try {
      apply(setTimeoutFn, w, [flushEvents, wait > 0 ? wait : 0]);
    } catch (e) { flushScheduled = false; }
  }

  function flushEvents() {
    flushScheduled = false;
    if (pendingN === 0) { return; }
    var n = pendingN;
    var order = pendingOrder;
    var byKey = pending;
    pending = create(null);
    pendingOrder = create(null);
    pendingN = 0;
    lastFlush = now();
    for (var i = 0; i < n; i++) {
      var p = byKey[order[i]];
      hostEvent(p.api, p.pairs, p.count);
    }
  }

  function forward(api, argsObj, opId) {
    try {
      var text = '';
      var n = argsObj.length;
      for (var i = 0; i < n; i++) { text += (i ? ',' : '') + encodeArg(argsObj[i]); }
      sendEncoded(api, text, opId);
    } catch (e) { /* never throw into the page */ }
  }

  // ---- operation contexts (contract §2.4) ----------------------------------
  var opCounter = 0;
  function newOpId() {
    opCounter += 1;
    var r = '';
    try { r = apply(numToString, floor(random() * 2176782336), [36]); } catch (e) { r = '0'; }
    return 'mpsim-op-' + opCounter + '-' + r;
  }

  // ---- helpers to define objects -------------------------------------------
  // method defines obj.name as fn. It is an accessor so that an assignment
  // (an analytics wrapper, say) is noticed: it is ignored, as on the frozen
  // object it used to be, and reported like an assignment to a global.
  function method(obj, owner, name, fn) {
    var full = owner + '.' + name;
    defineProperty(obj, name, {
      get: function () { return fn; },
      set: function () { coalesce('g:' + full, 'mpsim:globalOverwrite', ['name', full]); },
      enumerable: true,
      configurable: false
    });
  }

  var globals = {};
  function defineGlobal(name, obj) {
    globals[name] = obj;
    try {
      defineProperty(w, name, {
        get: function () { return obj; },
        set: function () { coalesce('g:' + name, 'mpsim:globalOverwrite', ['name', name]); },
        enumerable: false,
        configurable: false
      });
    } catch (e) { /* ignore */ }
  }

  function forwarder(api) {
    return function () { forward(api, arguments, ''); };
  }

  function inlineOp(api) {
    return function () {
      var id = newOpId();
      forward(api, arguments, id);
      return freeze({ Id: id }); // MobilePlansOperationContext
    };
  }

  function createMetadata(api) {
    return function () {
      forward(api, arguments, '');
      // Purchase metadata (contract §2.2): a plain object the page fills in.
      return {};
    };
  }

  // enumObject makes an enum object (contract §2.3, §2.5): an ordinary
  // object (its prototype is Object.prototype, so String(), hasOwnProperty
  // and instanceof Object work as on any object the page makes), frozen,
  // its members non-writable and non-configurable, so the page can neither
  // change nor add one. hidden lists aliases that work but are not listed
  // (not enumerable: Object.keys, for-in and JSON.stringify leave them
  // out). The shim itself never reads them, so no page hook on
  // Object.prototype can see anything of the shim's through them.
  function enumObject(pairs, hidden) {
    var o = {};
    for (var i = 0; i + 1 < pairs.length; i += 2) {
      var listed = true;
      for (var j = 0; hidden && j < hidden.length; j++) {
        if (hidden[j] === pairs[i]) { listed = false; }
      }
      defineProperty(o, pairs[i], { value: pairs[i + 1], writable: false, enumerable: listed, configurable: false });
    }
    return freeze(o);
  }

  // ---- listeners (contract §2.5, §5 #6) ------------------------------------
  // One registry shared by every owning object: a name set on any of them
  // works; the event reports which object was used.
  var listeners = { registrationChanged: null, profileActivationComplete: null };

  function listenerProperty(obj, owner, prop, key) {
    defineProperty(obj, prop, {
      get: function () {
        var l = listeners[key];
        return l ? l.value : '';
      },
      set: function (v) {
        var kind = v === null ? 'null' : typeof v;
        var name = '';
        if (kind === 'string') { name = v; } else if (kind === 'function') {
          try { name = typeof v.name === 'string' ? v.name : ''; } catch (e) { name = ''; }
        }
        if ((kind === 'string' && v !== '') || kind === 'function') {
          listeners[key] = { value: v, kind: kind, owner: owner, property: prop, name: name };
        } else {
          listeners[key] = null;
        }
        coalesce('l:' + owner + '.' + prop, 'mpsim:listenerSet',
          ['listener', key, 'property', prop, 'object', owner, 'kind', kind, 'name', name]);
      },
      enumerable: true,
      configurable: false
    });
  }

  function addListenerProperties(obj, owner) {
    listenerProperty(obj, owner, 'registrationChangedScript', 'registrationChanged');
    listenerProperty(obj, owner, 'profileActivationCompleteScript', 'profileActivationComplete');
    // Alias drawn in the sequence diagrams (contract §5 #6).
    listenerProperty(obj, owner, 'registrationCompleteScript', 'registrationChanged');
  }

  // dispatchListener invokes the listener registered for key with arg. call
  // is the host's number of this invocation (CallbackScriptFor), echoed in
  // the answer so the host knows which of its calls the page received.
  function dispatchListener(dispatchKey, key, arg, call) {
    try {
      if (typeof DISPATCH_KEY !== 'string' || DISPATCH_KEY === '' || dispatchKey !== DISPATCH_KEY) { return false; }
      if (typeof key !== 'string' || !apply(hasOwn, listeners, [key])) { return false; }
      var n = typeof call === 'number' ? call : 0;
      var l = listeners[key];
      if (!l) {
        hostEvent('mpsim:listenerMissing', ['listener', key, 'reason', 'unset', 'call', n]);
        return false;
      }
      var fn = null;
      if (l.kind === 'function') { fn = l.value; } else {
        try { fn = w[l.value]; } catch (e) { fn = null; }
      }
      if (typeof fn !== 'function') {
        hostEvent('mpsim:listenerMissing', ['listener', key, 'reason', 'not-a-function', 'name', l.name,
          'object', l.owner, 'property', l.property, 'call', n]);
        return false;
      }
      try {
        apply(fn, w, [arg]);
      } catch (e) {
        hostEvent('mpsim:listenerError', ['listener', key, 'name', l.name, 'object', l.owner,
          'property', l.property, 'message', errorText(e), 'call', n]);
        return true;
      }
      hostEvent('mpsim:listenerInvoked', ['listener', key, 'name', l.name, 'object', l.owner,
        'property', l.property, 'kind', l.kind, 'call', n]);
      return true;
    } catch (e) { return false; }
  }

  try {
    defineProperty(w, DISPATCHER, { value: dispatchListener, writable: false, enumerable: false, configurable: false });
  } catch (e) { /* ignore */ }

  // ---- the objects of contract §2.1 ----------------------------------------
  // DataMart: the legacy hand-back plus the pre-December-2018 aliases.
  var DataMart = {};
  method(DataMart, 'DataMart', 'notifyPurchaseResult', forwarder('DataMart.notifyPurchaseResult'));
  method(DataMart, 'DataMart', 'createPurchaseMetaData', createMetadata('DataMart.createPurchaseMetaData'));
  method(DataMart, 'DataMart', 'notifyPurchaseWithProfileDownload', forwarder('DataMart.notifyPurchaseWithProfileDownload'));
  method(DataMart, 'DataMart', 'notifyPurchaseDelayedProfile', forwarder('DataMart.notifyPurchaseDelayedProfile'));
  method(DataMart, 'DataMart', 'notifyBalanceAddition', forwarder('DataMart.notifyBalanceAddition'));
  method(DataMart, 'DataMart', 'notifyCancelledPurchase', forwarder('DataMart.notifyCancelledPurchase'));
  defineGlobal('DataMart', freeze(DataMart));

  // MobilePlans.
  var MobilePlans = {};
  method(MobilePlans, 'MobilePlans', 'createPurchaseMetaData', createMetadata('MobilePlans.createPurchaseMetaData'));
  method(MobilePlans, 'MobilePlans', 'notifyPurchaseWithProfileDownload', forwarder('MobilePlans.notifyPurchaseWithProfileDownload'));
  method(MobilePlans, 'MobilePlans', 'notifyCancelledPurchase', forwarder('MobilePlans.notifyCancelledPurchase'));
  method(MobilePlans, 'MobilePlans', 'notifyBalanceAddition', forwarder('MobilePlans.notifyBalanceAddition'));
  method(MobilePlans, 'MobilePlans', 'notifyPurchaseDelayedProfile', forwarder('MobilePlans.notifyPurchaseDelayedProfile'));
  // The FAQ-only mis-name MobilePlans.notifyPurchaseResult (§5 #15): the
  // real app has no such member, so the frozen object has none either and
  // the page sees undefined, as on Windows (typeof, in, Object.keys,
  // hasOwnProperty). The page gets the object behind a Proxy whose one trap,
  // get, notes a lookup of that name (a coalesced "mpsim:faqLookup" event)
  // and otherwise reads the frozen object with the captured Reflect.get: the
  // host can then name the cause when the page never hands back
  // (api-faq-misname) or note a feature test that fell back (api-faq-lookup).
  // The handler has no prototype and is frozen; the page never reaches it.
  var faqTraps = create(null);
  faqTraps.get = function (target, prop, receiver) {
    if (prop === 'notifyPurchaseResult') {
      coalesce('faq', 'mpsim:faqLookup', ['name', 'MobilePlans.notifyPurchaseResult']);
    }
    return reflectGet(target, prop, receiver);
  };
  defineGlobal('MobilePlans', new ProxyCtor(freeze(MobilePlans), freeze(faqTraps)));

  // MobilePlansInlineOperations (current, recommended).
  var MobilePlansInlineOperations = {};
  method(MobilePlansInlineOperations, 'MobilePlansInlineOperations', 'notifyProfileDownload', inlineOp('MobilePlansInlineOperations.notifyProfileDownload'));
  method(MobilePlansInlineOperations, 'MobilePlansInlineOperations', 'notifyOperationCancel', forwarder('MobilePlansInlineOperations.notifyOperationCancel'));
  method(MobilePlansInlineOperations, 'MobilePlansInlineOperations', 'notifyBalanceAddition', inlineOp('MobilePlansInlineOperations.notifyBalanceAddition'));
  addListenerProperties(MobilePlansInlineOperations, 'MobilePlansInlineOperations');
  defineGlobal('MobilePlansInlineOperations', freeze(MobilePlansInlineOperations));

  // Legacy inline objects (contract §5 #6, #7).
  var MobilePlansInlineProfileDownload = {};
  method(MobilePlansInlineProfileDownload, 'MobilePlansInlineProfileDownload', 'notifyInlineProfileDownload', forwarder('MobilePlansInlineProfileDownload.notifyInlineProfileDownload'));
  addListenerProperties(MobilePlansInlineProfileDownload, 'MobilePlansInlineProfileDownload');
  defineGlobal('MobilePlansInlineProfileDownload', freeze(MobilePlansInlineProfileDownload));

  var MobilePlansInlineProfile = {};
  method(MobilePlansInlineProfile, 'MobilePlansInlineProfile', 'notifyInlineProfileDownload', forwarder('MobilePlansInlineProfile.notifyInlineProfileDownload'));
  addListenerProperties(MobilePlansInlineProfile, 'MobilePlansInlineProfile');
  defineGlobal('MobilePlansInlineProfile', freeze(MobilePlansInlineProfile));

  var DataMartInlineProfile = {};
  method(DataMartInlineProfile, 'DataMartInlineProfile', 'notifyInlineProfileDownload', forwarder('DataMartInlineProfile.notifyInlineProfileDownload'));
  addListenerProperties(DataMartInlineProfile, 'DataMartInlineProfile');
  defineGlobal('DataMartInlineProfile', freeze(DataMartInlineProfile));

  // ---- enum objects (contract §2.3, §2.5) ----------------------------------
  // Purchase enums: lower-camel members, PascalCase string values. The
  // status member is invalidSIM (contract §2.3: lower-camel of InvalidSIM,
  // exact casing unknown); invalidSim is mpsim's alias for the other guess,
  // kept working but not listed.
  var step = ['new', 'New', 'existing', 'Existing', 'bailed', 'Bailed', 'none', 'None'];
  var status = ['complete', 'Complete', 'serviceError', 'ServiceError', 'invalidSIM', 'InvalidSIM',
    'invalidSim', 'InvalidSIM', 'logOnFailed', 'LogOnFailed', 'purchaseFailed', 'PurchaseFailed',
    'clientError', 'ClientError', 'billingError', 'BillingError', 'none', 'None', 'cancelled', 'Cancelled'];
  var registration = ['none', 'none', 'deregistered', 'deregistered', 'searching', 'searching', 'home', 'home',
    'roaming', 'roaming', 'partner', 'partner', 'denied', 'denied'];
  var activationNames = ['success', 'notAuthorized', 'notFound', 'policyViolation', 'insufficientSpaceOnCard',
    'serverFailure', 'serverNotReachable', 'timeoutWaitingForUserConsent', 'incorrectConfirmationCode',
    'confirmationCodeMaxRetriesExceeded', 'cardRemoved', 'cardBusy', 'other', 'cardGeneralFailure',
    'confirmationCodeMissing', 'invalidMatchingId', 'noEligibleProfileForThisDevice', 'operationAborted',
    'eidMismatch', 'profileNotAvailableForNewBinding', 'profileNotReleasedByOperator',
    'operationProhibitedByProfileClass', 'profileNotPresent', 'noCorrespondingRequest', 'unknownError',
    'lpaInitializationError', 'modemNotFound', 'localSettingsAccessFailed', 'invalidJson',
    'invalidActivationCode', 'invalidIccid'];
  var activation = [];
  for (var ai = 0; ai < activationNames.length; ai++) {
    activation[activation.length] = activationNames[ai];
    activation[activation.length] = activationNames[ai];
  }

  // Each enum object reaches the page behind a Proxy whose one trap, get,
  // notes a read of a string name the object does not have, nor its
  // prototype (MobilePlansMoDirectStatus.Completed: undefined, usually a
  // misspelt member; not toJSON or then, which JSON.stringify and promises
  // probe any object for), as a coalesced "mpsim:enumLookup" event, as the FAQ
  // lookup above; otherwise it reads the frozen object with the captured
  // Reflect.get. The host judges whether the name is near a member. The
  // handler has no prototype and is frozen; the page never reaches it.
  var reflectHas = Reflect.has;
  function enumGlobal(name, obj) {
    var traps = create(null);
    traps.get = function (target, prop, receiver) {
      if (typeof prop === 'string' && prop !== 'toJSON' && prop !== 'then' && !reflectHas(target, prop)) {
        coalesce('e:' + name + '.' + prop, 'mpsim:enumLookup', ['name', name + '.' + prop]);
      }
      return reflectGet(target, prop, receiver);
    };
    defineGlobal(name, new ProxyCtor(obj, freeze(traps)));
  }
  enumGlobal('MobilePlansUserAccount', enumObject(step));
  enumGlobal('MobilePlansPurchaseInstrument', enumObject(step));
  enumGlobal('MobilePlansLineType', enumObject(step));
  var statusAliases = ['invalidSim'];
  enumGlobal('MobilePlansMoDirectStatus', enumObject(status, statusAliases));
  enumGlobal('MobilePlansNetworkRegistrationState', enumObject(registration));
  enumGlobal('MobilePlansActivationError', enumObject(activation));
  // Pre-December-2018 names.
  enumGlobal('DataMartUserAccount', enumObject(step));
  enumGlobal('DataMartPurchaseInstrument', enumObject(step));
  enumGlobal('DataMartLineType', enumObject(step));
  enumGlobal('DataMartMoDirectStatus', enumObject(status, statusAliases));
  enumGlobal('DataMartNetworkRegistrationState', enumObject(registration));
  enumGlobal('DataMartActivationErrors', enumObject(activation));

  // ---- window.external.notify (contract §1.1) ------------------------------
  // The app's WebView raises ScriptNotify for window.external.notify(string)
  // from the hosts in AllowedScriptNotifyUris, which the app subscribes to
  // and sets (§1.1): on Windows the method exists and does not throw. What
  // the app does with a string that is none of its own objects' messages is
  // not documented; the portal APIs are the objects above. So the page gets
  // a notify that does nothing but note the call (a coalesced
  // "mpsim:externalNotify" event with the argument's type and its first 200
  // characters, taken with captured built-ins), and the host says to hand
  // back through DataMart / MobilePlans. It goes on webview_go's own
  // window.external object, read now, before page script.
  function externalNotify(v) {
    try {
      var t = v === null ? 'null' : typeof v;
      var text = t === 'string' ? v : encodeArg(v);
      var n = typeof text === 'string' ? text.length : 0;
      if (n > 200) { text = apply(strSlice, text, [0, 200]) + '…'; }
      coalesce('x', 'mpsim:externalNotify', ['type', t, 'length', n, 'text', typeof text === 'string' ? text : '']);
    } catch (e) { /* never throw into the page */ }
  }
  try {
    var ext = w.external;
    if (!ext || (typeof ext !== 'object' && typeof ext !== 'function')) {
      ext = {};
      w.external = ext;
    }
    defineProperty(ext, 'notify', { value: externalNotify, writable: true, enumerable: true, configurable: true });
  } catch (e) { /* ignore */ }

  // ---- first paint ---------------------------------------------------------
  // After DOMContentLoaded, two animation frames: pixels are on screen
  // (webkit-fyne-facts §Performance). t = ms since navigation start.
  function afterPaint() {
    try {
      apply(raf, w, [function () {
        apply(raf, w, [function () { hostEvent('mpsim:firstPaint', ['t', now()]); }]);
      }]);
    } catch (e) { /* ignore */ }
  }
  try {
    if (doc.readyState === 'loading') {
      apply(addListener, doc, ['DOMContentLoaded', afterPaint, { once: true }]);
    } else {
      afterPaint();
    }
  } catch (e) { /* ignore */ }
})();
