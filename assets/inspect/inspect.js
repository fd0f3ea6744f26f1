// mpsim inspection script: injected by the portal window at document start
// in every frame (top and iframes), before any page script. It reports the
// page's console calls, uncaught errors and unhandled promise rejections to
// the window process. It changes nothing the page can observe beyond what a
// wrapper must: each console method is replaced by a Proxy of itself (its
// name, length and toString stay native), two listeners are added, and the
// top frame runs a 50 ms interval timer (the main-thread heartbeat). It
// also tells the window which frame made each request (a Resource Timing
// observer, and the error events of elements whose load failed), and of the
// iframes WebKit refuses without a signal (a MutationObserver).
// __INSPECT_TOKEN__ is replaced by the window with a per-window secret,
// so a page posting to the handler itself cannot pass for this script.
(function () {
  'use strict';
  var w = window;
  var handler;
  try {
    handler = w.webkit.messageHandlers.__INSPECT_HANDLER__;
  } catch (e) {
    return;
  }
  if (!handler) {
    return;
  }
  var TOKEN = '__INSPECT_TOKEN__';
  var MAX_TEXT = 4000;
  var post = handler.postMessage.bind(handler);
  var stringify = JSON.stringify;
  var toStr = String;
  var apply = Reflect.apply;
  var unitAt = Function.prototype.call.bind(String.prototype.charCodeAt);
  var substring = Function.prototype.call.bind(String.prototype.substring);
  var indexOf = Function.prototype.call.bind(String.prototype.indexOf);
  var parseIntFn = parseInt, parseFloatFn = parseFloat;
  var ErrorCtor = Error;
  var ProxyCtor = Proxy;
  var isArray = Array.isArray;
  var objToString = Object.prototype.toString;
  // DOC_ORIGIN is this document's origin, read before any page script
  // could replace window.origin (a srcdoc frame's is its parent's).
  var DOC_ORIGIN = '';
  try {
    DOC_ORIGIN = toStr(w.origin);
  } catch (e) {
    DOC_ORIGIN = '';
  }
  var top = false;
  try {
    top = w.top === w;
  } catch (e) {
    top = false;
  }

  // cut keeps a text the page gave within MAX_TEXT UTF-16 units, marking
  // a cut with "…". A text longer than MAX_TEXT bytes of UTF-8 (what the
  // window keeps of it) is first made as compact as a finding quotes it
  // (compact), so that what is kept is text rather than separators: a
  // message of 5,000 blank lines and then its words kept only line
  // breaks, which the finding's one line leaves out. A text within the
  // limit is sent as it came.
  function cut(s) {
    s = toStr(s);
    if (!overLimit(s)) {
      return s;
    }
    s = compact(s);
    return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + '…' : s;
  }

  // overLimit is whether s takes more than MAX_TEXT bytes in UTF-8, read
  // up to the unit that tells.
  function overLimit(s) {
    var n = s.length;
    if (n > MAX_TEXT || n * 3 <= MAX_TEXT) {
      return n > MAX_TEXT;
    }
    var bytes = 0;
    for (var i = 0; i < n && bytes <= MAX_TEXT; i++) {
      var c = unitAt(s, i);
      bytes += c < 0x80 ? 1 : c < 0x800 || c >= 0xd800 && c < 0xe000 ? 2 : 3;
    }
    return bytes > MAX_TEXT;
  }

  // isBreak is whether the UTF-16 unit c ends a line: JavaScript's line
  // terminators (\n, \r, U+2028, U+2029) and NEL (U+0085), as the
  // finding's text joins them (session's pageLine).
  function isBreak(c) {
    return c === 10 || c === 13 || c === 0x2028 || c === 0x2029 || c === 0x85;
  }

  // isSpace is whether the UTF-16 unit c is white space as Go's
  // unicode.IsSpace has it (what the finding's text trims).
  function isSpace(c) {
    return c === 32 || c >= 9 && c <= 13 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
      c >= 0x2000 && c <= 0x200a || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
  }

  // compact is s with each run of white space that holds a line break
  // (blank and white-space-only lines among it) made one \n, each other
  // run one space, and none at its start or end (trimmed), up to the first MAX_TEXT + 1 units of the
  // result: one pass, which stops there, so a page's 10 MB message costs
  // no more than reading it once. It calls nothing of the page's: the
  // units are read with the built-in charCodeAt and substring taken at
  // start.
  function compact(s) {
    var out = '', i = 0, n = s.length;
    while (i < n && out.length <= MAX_TEXT) {
      var j = i;
      while (j < n && !isSpace(unitAt(s, j))) {
        j++;
        if (out.length + j - i > MAX_TEXT) {
          break; // enough: the rest is cut
        }
      }
      if (j > i) {
        out += substring(s, i, j);
      }
      var line = false;
      for (i = j; i < n; i++) {
        var c = unitAt(s, i);
        if (!isSpace(c)) {
          break;
        }
        line = line || isBreak(c);
      }
      if (i > j && out !== '' && i < n) {
        out += line ? '\n' : ' ';
      }
    }
    return out;
  }

  function describe(v) {
    if (typeof v === 'string') {
      return v;
    }
    if (v === null || v === undefined || typeof v !== 'object' && typeof v !== 'function') {
      return toStr(v);
    }
    if (v instanceof ErrorCtor) {
      return toStr(v.name) + ': ' + toStr(v.message);
    }
    if (typeof v === 'function') {
      return 'function ' + toStr(v.name || '(anonymous)');
    }
    try {
      var s = stringify(v);
      if (typeof s === 'string') {
        return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + '…' : s;
      }
    } catch (e) {
      // Cyclic or throwing toJSON: fall back to the tag.
    }
    return isArray(v) ? '[Array]' : objToString.call(v);
  }

  // format is the text a console shows for a call's arguments: a first
  // argument that is a string with more arguments after it is a format
  // (substitute), the rest are written one after the other, a space
  // between.
  function format(args) {
    var parts = [], i = 0;
    if (args.length > 1 && typeof args[0] === 'string' && indexOf(args[0], '%') >= 0) {
      var sub = substitute(args);
      parts.push(sub.text);
      i = sub.used;
    }
    for (; i < args.length && i < 20; i++) {
      parts.push(describe(args[i]));
    }
    return cut(parts.join(' '));
  }

  // substitute applies the format args[0] to the arguments after it as
  // a browser's console does (the Console standard's Formatter, and %%
  // as WebKit and Chrome write it): %s a string, %d and %i an integer, %f
  // a number, %o and %O the object, %c a CSS style, which a text has no
  // use for and drops. A directive with no argument left, or one the
  // standard does not know, stays as it is. It reports the text and how
  // many arguments it used (the format included). It calls nothing of
  // the page's: numbers are read with the built-in parseInt and
  // parseFloat of strings and numbers only.
  function substitute(args) {
    var f = args[0], out = '', used = 1, from = 0, n = f.length;
    for (var p = indexOf(f, '%'); p >= 0 && p < n - 1; p = indexOf(f, '%', from)) {
      out += substring(f, from, p);
      var c = f[p + 1];
      from = p + 2;
      if (c === '%') {
        out += '%';
        continue;
      }
      if (indexOf('sdifoOc', c) < 0 || used >= args.length) {
        out += '%' + c;
        continue;
      }
      var v = args[used++];
      if (c === 'd' || c === 'i') {
        out += typeof v === 'number' || typeof v === 'string' ? toStr(parseIntFn(v, 10)) : typeof v === 'bigint' ? toStr(v) : 'NaN';
      } else if (c === 'f') {
        out += typeof v === 'number' || typeof v === 'string' ? toStr(parseFloatFn(v)) : 'NaN';
      } else if (c !== 'c') {
        out += describe(v);
      }
    }
    return {text: out + substring(f, from, n), used: used};
  }

  // where finds the first stack frame that is the page's, not this script's.
  function where(stack) {
    var lines = toStr(stack || '').split('\n');
    for (var i = 0; i < lines.length; i++) {
      var m = /(?:@|\()((?:https?|file|blob|data|about):[^\s)]*?):(\d+):(\d+)\)?$/.exec(lines[i]);
      if (m) {
        return {s: m[1], n: +m[2], c: +m[3]};
      }
    }
    return {s: '', n: 0, c: 0};
  }

  // caller is where the page's code that called into a wrapper (console,
  // fetch) is: the first frame of the page's in the stack, or, when
  // JavaScriptCore left the page's frame out (a call that is the last
  // statement of a classic script has none: c.js holding only
  // `console.log(…)`), the script running then (document.currentScript:
  // its src, or the page's URL for an inline script), without a line.
  var currentScriptOf = builtInGetter(w.Document && w.Document.prototype, 'currentScript');
  var scriptSrcOf = builtInGetter(w.HTMLScriptElement && w.HTMLScriptElement.prototype, 'src');
  function caller() {
    var at = where(new ErrorCtor().stack);
    if (at.s || !currentScriptOf) {
      return at;
    }
    try {
      var el = apply(currentScriptOf, w.document, []);
      if (el) {
        var src = scriptSrcOf ? toStr(apply(scriptSrcOf, el, [])) : '';
        return {s: src || toStr(w.location.href), n: 0, c: 0};
      }
    } catch (e) {
      // No script element the getters can read: no location.
    }
    return at;
  }

  // json writes v — a string, number, boolean or null, or an array of
  // them — as JSON by hand, and message an object of the keys and values
  // in the flat list fields. JSON.stringify of an object or an array would
  // call a toJSON the page put on Object.prototype or Array.prototype (as
  // Prototype.js does on arrays): with the message and its token, so the
  // page could forge recordings, or changing what the window gets. On a
  // string, number or boolean it calls none.
  function json(v) {
    if (isArray(v)) {
      var out = '[';
      for (var i = 0; i < v.length; i++) {
        out += (i ? ',' : '') + json(v[i]);
      }
      return out + ']';
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      return stringify(v);
    }
    return 'null';
  }

  function message(fields) {
    var out = '{';
    for (var i = 0; i < fields.length; i += 2) {
      out += (i ? ',' : '') + stringify(fields[i]) + ':' + json(fields[i + 1]);
    }
    return out + '}';
  }

  function send(kind, level, text, src, line, col, stack, decl) {
    try {
      post(message(['t', TOKEN, 'k', kind, 'l', level, 'x', text, 's', cut(src || ''), 'n', line | 0, 'c', col | 0,
        'st', cut(stack || ''), 'f', cut(w.location.href), 'top', top, 'd', decl || '']));
    } catch (e) {
      // The handler is gone (the window is closing): nothing to report to.
    }
  }

  var levels = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'assert', 'dir', 'table'];
  var con = w.console;
  if (con) {
    levels.forEach(function (level) {
      var orig = con[level];
      if (typeof orig !== 'function') {
        return;
      }
      con[level] = new ProxyCtor(orig, {
        apply: function (target, thisArg, args) {
          try {
            var text;
            var report = true;
            if (level === 'assert') {
              report = !args[0];
              // Its message (a format too) comes after the condition.
              text = report ? cut('Assertion failed:' + (args.length > 1 ? ' ' + format(Array.prototype.slice.call(args, 1)) : '')) : '';
            } else {
              text = format(args);
            }
            if (report) {
              var at = caller();
              send('console', level, text, at.s, at.n, at.c, level === 'trace' ? new ErrorCtor().stack : '');
            }
          } catch (e) {
            // Recording must never break the page's call.
          }
          return apply(target, thisArg, args);
        }
      });
    });
  }

  // Mixed content: WebKit refuses an https document's loads of plain http
  // before they start (scripts, stylesheets, fetch, XHR, frames), so no
  // network signal has them. The window is told of each such load the page
  // asks for (a fetch or an XHR when it is made, an element when its
  // error event fires) and records the ones no request of that URL
  // followed as blocked.
  // A Request or URL object (fetch(new Request(u)), xhr.open('GET', new
  // URL(u))) is read through the built-in getters taken here, before any
  // page script: they read the object's own internal URL, so neither a
  // property the page defines on it nor one it redefines on the prototype
  // later is called. Any other object is left alone: its toString is the
  // page's code, and the script calls nothing of the page's.
  var URLCtor = w.URL;
  function builtInGetter(proto, name) {
    try {
      var d = proto && Object.getOwnPropertyDescriptor(proto, name);
      return d && typeof d.get === 'function' ? d.get : null;
    } catch (e) {
      return null;
    }
  }
  var urlGetters = [builtInGetter(w.Request && w.Request.prototype, 'url'),
    builtInGetter(URLCtor && URLCtor.prototype, 'href')];
  function urlOf(target) {
    if (typeof target === 'string') {
      return target;
    }
    if (typeof target !== 'object' || target === null) {
      return '';
    }
    for (var i = 0; i < urlGetters.length; i++) {
      if (urlGetters[i]) {
        try {
          return toStr(apply(urlGetters[i], target, []));
        } catch (e) {
          // Not that kind of object: the built-in getter refused it.
        }
      }
    }
    return '';
  }
  function mixed(initiator, target, dest) {
    try {
      target = urlOf(target);
      if (!target || w.location.protocol !== 'https:') {
        return;
      }
      var u = toStr(new URLCtor(target, w.document.baseURI).href);
      if (u.slice(0, 5).toLowerCase() === 'http:') {
        send('mixed', initiator, cut(u), dest || '', 0, 0, '');
      }
    } catch (e) {
      // Not a URL: the page's own call fails as it would.
    }
  }
  // Loads WebKit refuses before they start, so that no network signal
  // has them: to a port browsers never connect to (the Fetch standard's
  // bad ports, as simulator/ports.go lists them), or one the page's
  // Content-Security-Policy refuses (told from its violation event,
  // below). The window records each as a failed request that says why.
  var BAD_PORTS = [1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
    109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
    526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
    3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080];
  var urlPort = builtInGetter(URLCtor && URLCtor.prototype, 'port');
  var urlProtocol = builtInGetter(URLCtor && URLCtor.prototype, 'protocol');
  function badPort(initiator, target, dest) {
    try {
      target = urlOf(target);
      if (!target || !urlPort || !urlProtocol) {
        return;
      }
      var u = new URLCtor(target, w.document.baseURI);
      var scheme = toStr(apply(urlProtocol, u, [])), port = +toStr(apply(urlPort, u, []));
      if ((scheme === 'http:' || scheme === 'https:') && port > 0) {
        for (var i = 0; i < BAD_PORTS.length; i++) {
          if (BAD_PORTS[i] === port) {
            send('port', initiator, cut(toStr(urlGetters[1] ? apply(urlGetters[1], u, []) : u.href)), dest || '', 0, 0, '');
            return;
          }
        }
      }
    } catch (e) {
      // Not a URL: the page's own call fails as it would.
    }
  }
  // The walled garden's content filter refuses a fetch or an XHR outside
  // it before the request starts, as it does an element's load: the page
  // sees only "Load failed". With the garden on (GARDEN), a fetch that
  // rejects and an XHR that ends in its error event are told to the window
  // like an element's failed load ('resource'), which records the ones
  // outside the garden as blocked. The page's own promise is returned
  // unchanged; the watch hangs off it. Without the garden nothing is
  // watched: a handler on the page's promise makes a fetch the page left
  // unhandled count as handled, and its unhandled rejection is the page's
  // to report.
  var GARDEN = '__INSPECT_GARDEN__' === 'true';
  var promiseThen = w.Promise && w.Promise.prototype.then;
  var addListener = w.EventTarget && w.EventTarget.prototype.addEventListener;
  var WeakMapCtor = w.WeakMap, weakGet = WeakMapCtor && WeakMapCtor.prototype.get, weakSet = WeakMapCtor && WeakMapCtor.prototype.set;
  var xhrURLs = WeakMapCtor ? new WeakMapCtor() : null;
  function absolute(target) {
    try {
      target = urlOf(target);
      return target ? absoluteIn(target, w.document.baseURI) : '';
    } catch (e) {
      return '';
    }
  }
  function failedLoad(initiator, u) {
    if (u) {
      send('resource', initiator, cut(u), '', 0, 0, '');
    }
  }
  function watchFetch(result, target) {
    try {
      var u = absolute(target);
      if (u && promiseThen && result && typeof result === 'object') {
        apply(promiseThen, result, [undefined, function () { failedLoad('fetch', u); }]);
      }
    } catch (e) {
      // Not a promise the script can watch: the page's call is unchanged.
    }
  }
  function watchXHR(xhr, target) {
    try {
      if (!xhrURLs || !addListener) {
        return;
      }
      var first = apply(weakGet, xhrURLs, [xhr]) === undefined;
      apply(weakSet, xhrURLs, [xhr, absolute(target)]);
      if (first) {
        apply(addListener, xhr, ['error', function () { failedLoad('xmlhttprequest', apply(weakGet, xhrURLs, [xhr])); }]);
      }
    } catch (e) {
      // Not an XHR the script can watch.
    }
  }
  // fetchCalls are the last fetch() calls' URLs and where the page made
  // them (caller), for a Content-Security-Policy refusal of one: WebKit
  // gives the violation the location of the code that called the built-in
  // fetch, which is the wrapper here, in this script (user-script:353),
  // and the record takes the page's call instead.
  var fetchCalls = [];
  function rememberFetch(target) {
    try {
      var u = absolute(target);
      if (u) {
        var at = caller();
        fetchCalls.push({u: u, s: at.s, n: at.n, c: at.c});
        if (fetchCalls.length > 20) {
          fetchCalls.shift();
        }
      }
    } catch (e) {
      // Not a URL: nothing to remember.
    }
  }
  function fetchCallOf(u) {
    for (var i = fetchCalls.length - 1; i >= 0; i--) {
      if (fetchCalls[i].u === u) {
        return fetchCalls[i];
      }
    }
    return null;
  }
  function watchLoads(obj, name, initiator, arg) {
    var orig = obj && obj[name];
    if (typeof orig !== 'function') {
      return;
    }
    obj[name] = new ProxyCtor(orig, {
      apply: function (target, thisArg, args) {
        mixed(initiator, args[arg]);
        badPort(initiator, args[arg]);
        if (initiator === 'fetch') {
          rememberFetch(args[arg]);
        }
        if (GARDEN && initiator === 'xmlhttprequest') {
          watchXHR(thisArg, args[arg]);
        }
        var result = apply(target, thisArg, args);
        if (GARDEN && initiator === 'fetch') {
          watchFetch(result, args[arg]);
        }
        return result;
      }
    });
  }
  watchLoads(w, 'fetch', 'fetch', 0);
  watchLoads(w.XMLHttpRequest && w.XMLHttpRequest.prototype, 'open', 'xmlhttprequest', 1);

  // Channels WebKit's network signals do not name, or that the walled
  // garden refuses with no event the window sees: a WebSocket (WebKit
  // reports no resource for one at all), an EventSource and a
  // navigator.sendBeacon (their requests WebKit reports, as fetches,
  // unless the garden refused them first). Each call is told to the
  // window ('socket', 'channel'), which records it with its type
  // (websocket, eventsource, ping) and, with the garden on, a host outside
  // it as blocked. A socket's open, error and close events are told too:
  // its outcome. The constructors are replaced by a Proxy of themselves
  // (so instanceof, subclasses, statics and toString stay native, and the
  // prototype's constructor is the proxy, as it was the constructor), the
  // URL is read after the call through the built-in url getter (the
  // engine's own resolved URL), and the listeners are added through the
  // built-in addEventListener before the page holds the object, so they
  // run first; replacing any of these later hides nothing. A beacon's URL
  // is made a string once, as the engine would (its toString runs once,
  // as before), and that string is both recorded and sent. Cost: one
  // message a call, two more a socket.
  var construct = Reflect.construct;
  var baseOf = builtInGetter(w.Node && w.Node.prototype, 'baseURI');
  var closeCodeOf = builtInGetter(w.CloseEvent && w.CloseEvent.prototype, 'code');
  var random = Math.random;
  var socketKey = toStr(random()).slice(2, 12), socketSeq = 0;
  var WeakMapCtor = w.WeakMap;
  var weakGet = WeakMapCtor && WeakMapCtor.prototype.get, weakSet = WeakMapCtor && WeakMapCtor.prototype.set;
  var socketIds = WeakMapCtor ? new WeakMapCtor() : null;
  function channelURL(getter, obj) {
    try {
      return cut(toStr(apply(getter, obj, [])));
    } catch (e) {
      return '';
    }
  }
  function watchSocket(ws, urlOfSocket) {
    var id = socketKey + '.' + (++socketSeq);
    var u = channelURL(urlOfSocket, ws);
    if (!u) {
      return;
    }
    send('socket', 'new', u, id, 0, 0, '');
    if (socketIds) {
      apply(weakSet, socketIds, [ws, id]);
    }
    apply(addListener, ws, ['open', function () { send('socket', 'open', '', id, 0, 0, ''); }]);
    apply(addListener, ws, ['error', function () { send('socket', 'error', '', id, 0, 0, ''); }]);
    apply(addListener, ws, ['close', function (e) {
      var code = 0;
      try {
        code = closeCodeOf ? apply(closeCodeOf, e, []) : 0;
      } catch (err) {
        code = 0;
      }
      send('socket', 'close', '', id, code, 0, '');
    }]);
  }
  // A socket the page closes itself: its close(code) is told ('closing')
  // once the engine took it (a code it refuses throws, and nothing is
  // told) and only when it started the closing (the socket was connecting
  // or open, read through the built-in readyState getter), so that the report does not count the page's own close(4001),
  // which the server echoes, as a failure. The code is made a number once,
  // as the engine would, and that number is both told and passed on.
  function watchSocketClose(proto) {
    var close = proto && proto.close, stateOf = builtInGetter(proto, 'readyState');
    if (typeof close !== 'function' || !socketIds || !stateOf) {
      return;
    }
    try {
      proto.close = new ProxyCtor(close, {
        apply: function (target, thisArg, args) {
          var code = 0, state = 3;
          if (args.length && args[0] !== undefined) {
            args[0] = +args[0];
            code = args[0];
          }
          try {
            state = apply(stateOf, thisArg, []);
          } catch (e) {
            state = 3; // not a socket: the call below throws as it would
          }
          var result = apply(target, thisArg, args);
          try {
            // Only a close that starts the closing (CONNECTING or OPEN):
            // one during the server's own closing changes nothing.
            var id = state < 2 ? apply(weakGet, socketIds, [thisArg]) : '';
            if (id) {
              send('socket', 'closing', '', id, code, 0, '');
            }
          } catch (e) {
            // Recording must never break the page's call.
          }
          return result;
        }
      });
    } catch (e) {
      // Not replaceable here: the page's own closes look like the server's.
    }
  }
  // observeConstructor puts a Proxy of w[name], Ctor, in its place (and as
  // its prototype's constructor) whose construction calls seen(obj, args)
  // after the page's object is made; seen's errors never reach the page,
  // and a constructor that throws tells nothing.
  function observeConstructor(name, Ctor, seen) {
    var wrapped = new ProxyCtor(Ctor, {
      construct: function (target, args, newTarget) {
        var obj = construct(target, args, newTarget);
        try {
          seen(obj, args);
        } catch (e) {
          // Recording must never break the page's call.
        }
        return obj;
      }
    });
    try {
      w[name] = wrapped;
      Ctor.prototype.constructor = wrapped;
    } catch (e) {
      // Not replaceable here: its constructions go unrecorded.
    }
  }
  function watchChannel(name, kind) {
    var Ctor = w[name], urlOfIt = builtInGetter(Ctor && Ctor.prototype, 'url');
    if (typeof Ctor !== 'function' || !urlOfIt || !addListener) {
      return;
    }
    observeConstructor(name, Ctor, function (obj) {
      if (kind === 'websocket') {
        watchSocket(obj, urlOfIt);
      } else {
        send('channel', kind, channelURL(urlOfIt, obj), 'GET', 0, 0, '');
      }
    });
    if (kind === 'websocket') {
      watchSocketClose(Ctor.prototype);
    }
  }
  watchChannel('WebSocket', 'websocket');
  watchChannel('EventSource', 'eventsource');

  // Workers: WebKit runs this script only in documents, never in a worker,
  // so what a worker does goes by the window's network signals alone. In
  // WebKitGTK 2.50 (checked: TestE2EWorkersNoteWhatIsNotRecorded) a
  // dedicated worker's fetch(), XMLHttpRequest and EventSource requests
  // are recorded, with no frame (an EventSource as a fetch), but its
  // WebSockets are not at all (WebKit reports no resource for a socket);
  // a shared worker's requests are not recorded at all, only the load of
  // its script; the console and uncaught errors of neither are, nor the
  // walled garden's refusals of their loads. Instrumenting the worker instead (a blob: worker that
  // imports this script, then the page's) would change what the page
  // gets: the worker's location and base URL become the blob:, so its
  // relative URLs break, and a Content-Security-Policy without blob: in
  // worker-src refuses it. So the first worker of each kind a document
  // starts is told as an info console message that says what the record
  // may miss. The constructors are replaced by a Proxy of themselves, as
  // the channels' are (above); the URL is read only when it is a string
  // or a URL (built-in getters), and a constructor that throws tells
  // nothing.
  var WORKER_GAPS = {
    Worker: ['a dedicated Worker', 'its console messages, uncaught errors and WebSockets are not recorded at all; ' +
      'the fetch(), XMLHttpRequest and EventSource requests it makes are (with no frame, an EventSource as a fetch)'],
    SharedWorker: ['a SharedWorker', 'its console messages, uncaught errors and requests (fetch(), XMLHttpRequest, ' +
      'EventSource, WebSocket) are not recorded at all, only the load of its script']
  };
  function watchWorkers(name) {
    var Ctor = w[name], gap = WORKER_GAPS[name], told = false;
    if (typeof Ctor !== 'function') {
      return;
    }
    observeConstructor(name, Ctor, function (obj, args) {
      if (told) {
        return;
      }
      told = true;
      var u = args.length ? absolute(args[0]) : '';
      send('console', 'info', cut('The page started ' + gap[0] + (u ? ' (' + u + ')' : '') +
        ': mpsim does not see inside workers (WebKit runs its inspection script only in documents), so ' + gap[1] +
        (GARDEN ? '; the walled garden\u2019s refusals of its loads are not reported either' : '') +
        ' (see "Workers" in docs/inspection.md)'), '', 0, 0, '');
    });
  }
  watchWorkers('Worker');
  watchWorkers('SharedWorker');
  var NavigatorProto = w.Navigator && w.Navigator.prototype;
  var sendBeacon = NavigatorProto && NavigatorProto.sendBeacon;
  if (typeof sendBeacon === 'function' && urlGetters[1] && baseOf) {
    NavigatorProto.sendBeacon = new ProxyCtor(sendBeacon, {
      apply: function (target, thisArg, args) {
        if (args.length && typeof args[0] !== 'symbol') {
          args[0] = `${args[0]}`; // ToString, once, as the engine does
          try {
            var u = new URLCtor(args[0], apply(baseOf, w.document, []));
            send('channel', 'beacon', cut(toStr(apply(urlGetters[1], u, []))), 'POST', 0, 0, '');
          } catch (e) {
            // Not a URL: the page's call throws as it would.
          }
        }
        return apply(target, thisArg, args);
      }
    });
  }

  // Frames: WebKitGTK 2.50 refuses an iframe on a bad port with no signal
  // at all (no navigation decision, no request, no load or error event),
  // and an iframe of plain http in an https document after a navigation
  // decision that names no frame. The frames this document holds are
  // watched as they are inserted or their src changes (a MutationObserver
  // of the document, which the page cannot see; its callback reads only
  // the built-in getters taken here), and each load the window records as
  // refused is told with this document as its frame.
  var frameSrcOf = builtInGetter(w.HTMLIFrameElement && w.HTMLIFrameElement.prototype, 'src');
  var nodeTypeOf = builtInGetter(w.Node && w.Node.prototype, 'nodeType');
  var localNameOf = builtInGetter(w.Element && w.Element.prototype, 'localName');
  var framesByTag = w.Element && w.Element.prototype.getElementsByTagName;
  var recordProto = w.MutationRecord && w.MutationRecord.prototype;
  var recordType = builtInGetter(recordProto, 'type'), recordTarget = builtInGetter(recordProto, 'target');
  var recordAdded = builtInGetter(recordProto, 'addedNodes');
  var listLength = builtInGetter(w.NodeList && w.NodeList.prototype, 'length');
  var listItem = w.NodeList && w.NodeList.prototype.item;
  var collectionLength = builtInGetter(w.HTMLCollection && w.HTMLCollection.prototype, 'length');
  var collectionItem = w.HTMLCollection && w.HTMLCollection.prototype.item;
  var framesTold = WeakMapCtor ? new WeakMapCtor() : null;
  function frameLoad(el) {
    try {
      var src = toStr(apply(frameSrcOf, el, []));
      if (!src || apply(weakGet, framesTold, [el]) === src) {
        return;
      }
      apply(weakSet, framesTold, [el, src]);
      mixed('iframe', src);
      badPort('iframe', src);
      if (GARDEN) {
        // The walled garden's content filter refuses a frame outside it
        // with no error event: the window keeps those outside as blocked.
        send('resource', 'iframe', cut(src), '', 0, 0, '');
      }
    } catch (e) {
      // Not an iframe the getters can read.
    }
  }
  // framesIn tells the frames of node: node itself when it is an iframe,
  // else (when deep: an inserted subtree) the iframes in it.
  function framesIn(node, deep) {
    if (apply(nodeTypeOf, node, []) !== 1) {
      return;
    }
    if (apply(localNameOf, node, []) === 'iframe') {
      frameLoad(node);
      return;
    }
    if (deep) {
      var list = apply(framesByTag, node, ['iframe']);
      for (var i = 0, n = apply(collectionLength, list, []); i < n && i < 200; i++) {
        frameLoad(apply(collectionItem, list, [i]));
      }
    }
  }
  var Mutations = w.MutationObserver;
  if (typeof Mutations === 'function' && frameSrcOf && nodeTypeOf && localNameOf && framesByTag && recordType &&
      recordTarget && recordAdded && listLength && listItem && collectionLength && collectionItem && framesTold) {
    try {
      new Mutations(function (records) {
        try {
          for (var i = 0; i < records.length; i++) {
            var rec = records[i];
            if (apply(recordType, rec, []) === 'attributes') {
              framesIn(apply(recordTarget, rec, []), false);
              continue;
            }
            var added = apply(recordAdded, rec, []);
            for (var j = 0, n = apply(listLength, added, []); j < n; j++) {
              framesIn(apply(listItem, added, [j]), true);
            }
          }
        } catch (e) {
          // A node the getters cannot read.
        }
        if (GARDEN) {
          cssChanged();
        }
      }).observe(w.document, {childList: true, subtree: true, attributes: true,
        attributeFilter: GARDEN ? ['src', 'class', 'style'] : ['src']});
    } catch (e) {
      // No observer here: such frames go unrecorded.
    }
  }

  // Style sheets' loads (walled garden only): an image, font or @import
  // a style sheet asks for from a host outside the garden is refused with
  // no trace at all (no element error event, no request, no Resource
  // Timing entry; a blocked @font-face stays "unloaded"), so the
  // document's own style sheets are read (CSSOM) for the url()s that
  // would really load, and each outside the garden is told as the failed
  // load of its type ('resource', initiator 'css'):
  // - an @import whose sheet did not load (its styleSheet is null);
  // - an image (background, border-image, list-style, content, cursor,
  //   mask, shape-outside; image-set()'s choice for this screen) of a
  //   style rule, or a style attribute, that an element on screen has in
  //   its computed style (so a rule that matches nothing, is overridden
  //   or is under a media query that does not hold is not told);
  // - an @font-face source tried before one inside the garden (local()
  //   stops it: an installed font needs no load), when an element on
  //   screen with text has the face's family first in its computed
  //   font-family.
  // Cost, with the garden on only: each sheet's rules are read once (again
  // when its number of rules changes), only rules with a url() outside the
  // garden are kept, and those are checked (querySelectorAll, computed
  // style of at most 20 elements each) at most once a second after the
  // document changes, until each is told. Sheets of another origin cannot
  // be read (their cssRules throw) and are not covered; nor are rules the
  // page changes through the CSSOM without adding a rule.
  var GARDEN_HOSTS = toStr('__INSPECT_GARDEN_HOSTS__').split(',');
  var later = w.setTimeout;
  var MAX_CSS_RULES = 20000, MAX_CSS_CANDIDATES = 200, MAX_CSS_ELEMENTS = 20, MAX_CSS_TOLD = 500;
  var CSS_IMAGE_PROPS = ['background-image', 'border-image-source', 'list-style-image', 'content', 'cursor', 'mask-image',
    '-webkit-mask-image', '-webkit-mask-box-image-source', 'shape-outside'];
  var FONT_FORMATS = ['woff', 'woff2', 'truetype', 'opentype', 'collection', 'woff-variations', 'woff2-variations',
    'truetype-variations', 'opentype-variations'];
  var cssTold = Object.create(null), cssToldCount = 0, cssPending = 0, cssSheetCount = -1;
  var cssTimer = 0, cssLast = -1e9;
  var sheetCache = WeakMapCtor ? new WeakMapCtor() : null;
  var urlHostOf = builtInGetter(URLCtor && URLCtor.prototype, 'hostname');
  // insideGarden is whether the absolute URL u is of a host the garden
  // lets through, as walledgarden.Contains has it (the window decides
  // again: this only spares the script the work for loads that go
  // through). A URL that is not http(s) is never refused.
  function insideGarden(u) {
    try {
      var url = new URLCtor(u);
      var scheme = toStr(apply(urlProtocol, url, []));
      if (scheme !== 'http:' && scheme !== 'https:') {
        return true;
      }
      var host = toStr(apply(urlHostOf, url, [])).toLowerCase().replace(/^\[|\]$/g, '');
      for (var i = 0; i < GARDEN_HOSTS.length; i++) {
        var g = GARDEN_HOSTS[i];
        if (g.charAt(0) === '*') {
          var rest = g.replace(/^[*.]+/, '');
          if (rest && (host === rest || host.slice(-rest.length - 1) === '.' + rest)) {
            return true;
          }
        } else if (g && host === g) {
          return true;
        }
      }
    } catch (e) {
      return true; // not a URL: no load
    }
    return false;
  }
  function cssTell(u, dest) {
    if (cssTold[u] || cssToldCount >= MAX_CSS_TOLD) {
      return;
    }
    cssTold[u] = true;
    cssToldCount++;
    send('resource', 'css', cut(u), dest, 0, 0, '');
  }
  // splitTop splits s at the commas outside parentheses and quotes.
  function splitTop(s) {
    var out = [], depth = 0, quote = '', from = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if (quote) {
        if (c === '\\') {
          i++;
        } else if (c === quote) {
          quote = '';
        }
      } else if (c === '"' || c === '\'') {
        quote = c;
      } else if (c === '(') {
        depth++;
      } else if (c === ')') {
        depth--;
      } else if (c === ',' && depth === 0) {
        out.push(s.slice(from, i).trim());
        from = i + 1;
      }
    }
    out.push(s.slice(from).trim());
    return out;
  }
  var URL_TOKEN = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)/;
  function absoluteIn(raw, base) {
    try {
      return toStr(new URLCtor(raw, base).href);
    } catch (e) {
      return '';
    }
  }
  // imageURLs are the URLs a property's value loads: each url(), and of
  // an image-set() the one this screen takes (the lowest resolution at
  // least devicePixelRatio, else the highest), as WebKit chooses.
  function imageURLs(value, base) {
    var out = [], parts = splitTop(value);
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i], set = part.search(/(?:-webkit-)?image-set\(/i);
      if (set >= 0) {
        var inner = part.slice(part.indexOf('(', set) + 1, part.lastIndexOf(')'));
        var best = '', bestRes = 0, top = '', topRes = -1, ratio = +w.devicePixelRatio || 1;
        var options = splitTop(inner);
        for (var j = 0; j < options.length; j++) {
          var m = URL_TOKEN.exec(options[j]) || /^\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/.exec(options[j]);
          if (!m) {
            continue;
          }
          var r = /\s([0-9.]+)(x|dppx|dpi|dpcm)\b/.exec(options[j]), res = r ? +r[1] : 1;
          res = r && r[2] === 'dpi' ? res / 96 : r && r[2] === 'dpcm' ? res * 2.54 / 96 : res;
          var u = absoluteIn(m[1] || m[2] || m[3] || '', base);
          if (res >= ratio && (!best || res < bestRes)) {
            best = u;
            bestRes = res;
          }
          if (res > topRes) {
            top = u;
            topRes = res;
          }
        }
        if (best || top) {
          out.push(best || top);
        }
        continue;
      }
      var re = new RegExp(URL_TOKEN.source, 'g'), t;
      while ((t = re.exec(part)) !== null) {
        var v = absoluteIn(t[1] || t[2] || t[3] || '', base);
        if (v) {
          out.push(v);
        }
      }
    }
    return out;
  }
  // fontSources are the URLs of an @font-face src the engine would try
  // and the garden refuses: those outside it, in order, up to a local()
  // or a source inside the garden (which ends the trying), skipping a
  // format() the engine does not load.
  function fontSources(src, base) {
    var out = [], parts = splitTop(src);
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      if (/^local\(/i.test(part)) {
        break;
      }
      var m = URL_TOKEN.exec(part);
      if (!m) {
        continue;
      }
      var f = /format\(\s*["']?([^"')\s]*)/i.exec(part);
      if (f && FONT_FORMATS.indexOf(f[1].toLowerCase()) < 0) {
        continue;
      }
      var u = absoluteIn(m[1] || m[2] || m[3] || '', base);
      if (!u || insideGarden(u)) {
        break;
      }
      out.push(u);
    }
    return out;
  }
  function unquote(family) {
    return family.trim().replace(/^["']|["']$/g, '').toLowerCase();
  }
  // sheetCandidates reads a sheet's rules (and its imports' and grouping
  // rules') into found: images {sel, urls by property}, fonts {family,
  // urls}, rules that set a font family {sel, families}; an @import of an
  // outside sheet that did not load is told at once. budget is the rules
  // left to read.
  function readRules(rules, base, found, budget) {
    var n = 0;
    try {
      n = rules.length;
    } catch (e) {
      return budget; // another origin's sheet: not readable
    }
    for (var i = 0; i < n && budget.left > 0; i++) {
      budget.left--;
      var rule = rules[i], type = rule.type;
      if (type === 3) { // @import
        var href = absoluteIn(toStr(rule.href || ''), base);
        if (!rule.styleSheet) {
          if (href && !insideGarden(href)) {
            cssTell(href, 'style');
          }
        } else {
          readSheet(rule.styleSheet, found, budget);
        }
      } else if (type === 5) { // @font-face
        var urls = fontSources(toStr(rule.style.getPropertyValue('src')), base);
        if (urls.length) {
          found.fonts.push({family: unquote(toStr(rule.style.getPropertyValue('font-family'))), urls: urls});
        }
      } else if (type === 1) { // a style rule
        styleCandidates(rule.style, toStr(rule.selectorText), base, found);
      } else if (rule.cssRules) { // @media, @supports, @layer, @container
        readRules(rule.cssRules, base, found, budget);
      }
    }
    return budget;
  }
  function styleCandidates(style, sel, base, found) {
    var text = toStr(style.cssText);
    if (/url\(|image-set\(/i.test(text)) {
      for (var p = 0; p < CSS_IMAGE_PROPS.length; p++) {
        var value = toStr(style.getPropertyValue(CSS_IMAGE_PROPS[p]));
        var urls = value ? imageURLs(value, base) : [];
        for (var k = 0; k < urls.length; k++) {
          if (!insideGarden(urls[k])) {
            found.images.push({sel: sel, prop: CSS_IMAGE_PROPS[p], url: urls[k]});
          }
        }
      }
    }
    if (/font/i.test(text)) {
      var family = toStr(style.getPropertyValue('font-family'));
      if (family) {
        found.families.push({sel: sel, families: family.toLowerCase()});
      }
    }
  }
  function readSheet(sheet, found, budget) {
    var base = toStr(sheet.href || w.document.baseURI);
    var rules;
    try {
      rules = sheet.cssRules;
    } catch (e) {
      return; // another origin's sheet: not readable
    }
    var cached = sheetCache && apply(weakGet, sheetCache, [sheet]);
    if (cached && cached.n === rules.length) {
      found.images = found.images.concat(cached.found.images);
      found.fonts = found.fonts.concat(cached.found.fonts);
      found.families = found.families.concat(cached.found.families);
      return;
    }
    var own = {images: [], fonts: [], families: []};
    readRules(rules, base, own, budget);
    if (sheetCache) {
      apply(weakSet, sheetCache, [sheet, {n: rules.length, found: own}]);
    }
    found.images = found.images.concat(own.images);
    found.fonts = found.fonts.concat(own.fonts);
    found.families = found.families.concat(own.families);
  }
  // elementsOf are up to MAX_CSS_ELEMENTS elements each selector of the
  // list sel matches, with the pseudo-element (::before, ::after) whose
  // style to read; a part with another pseudo-element is left out.
  function elementsOf(sel) {
    var out = [], parts = splitTop(sel);
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i], pseudo = '';
      var m = /::?(before|after)$/i.exec(part);
      if (m) {
        pseudo = '::' + m[1].toLowerCase();
        part = part.slice(0, m.index) || '*';
      }
      if (/::/.test(part)) {
        continue;
      }
      try {
        var list = w.document.querySelectorAll(part);
        for (var j = 0; j < list.length && j < MAX_CSS_ELEMENTS; j++) {
          out.push({el: list[j], pseudo: pseudo});
        }
      } catch (e) {
        // A selector this engine does not take here.
      }
    }
    return out;
  }
  function onScreen(el) {
    return el.getClientRects().length > 0;
  }
  function imageApplies(c) {
    var els = c.el ? [{el: c.el, pseudo: ''}] : elementsOf(c.sel);
    for (var i = 0; i < els.length; i++) {
      var value = toStr(w.getComputedStyle(els[i].el, els[i].pseudo || null).getPropertyValue(c.prop));
      if (value.indexOf(c.url) >= 0 && onScreen(els[i].el)) {
        return true;
      }
    }
    return false;
  }
  function fontUsed(family, families) {
    for (var i = 0; i < families.length; i++) {
      if (families[i].families.indexOf(family) < 0) {
        continue;
      }
      var els = elementsOf(families[i].sel);
      for (var j = 0; j < els.length; j++) {
        var el = els[j].el, first = splitTop(toStr(w.getComputedStyle(el, els[j].pseudo || null).fontFamily))[0] || '';
        if (unquote(first) === family && onScreen(el) && /\S/.test(toStr(el.textContent).slice(0, 2000))) {
          return true;
        }
      }
    }
    return false;
  }
  function cssScan() {
    var found = {images: [], fonts: [], families: []}, budget = {left: MAX_CSS_RULES};
    var sheets = w.document.styleSheets;
    cssSheetCount = sheets.length;
    for (var i = 0; i < sheets.length && budget.left > 0; i++) {
      readSheet(sheets[i], found, budget);
    }
    var inline = w.document.querySelectorAll('[style*="url("], [style*="image-set("], [style*="font"]');
    for (var k = 0; k < inline.length && k < MAX_CSS_CANDIDATES; k++) {
      var before = found.images.length;
      styleCandidates(inline[k].style, '', w.document.baseURI, found);
      for (var b = before; b < found.images.length; b++) {
        found.images[b].el = inline[k];
      }
      if (found.families.length && found.families[found.families.length - 1].sel === '') {
        found.families.pop();
      }
    }
    var pending = 0, checked = 0;
    for (var c = 0; c < found.images.length && checked < MAX_CSS_CANDIDATES; c++) {
      var img = found.images[c];
      if (cssTold[img.url]) {
        continue;
      }
      checked++;
      if (imageApplies(img)) {
        cssTell(img.url, 'image');
      } else {
        pending++;
      }
    }
    for (var f = 0; f < found.fonts.length && checked < MAX_CSS_CANDIDATES; f++) {
      var font = found.fonts[f];
      if (cssTold[font.urls[0]]) {
        continue;
      }
      checked++;
      if (fontUsed(font.family, found.families)) {
        for (var u = 0; u < font.urls.length; u++) {
          cssTell(font.urls[u], 'font');
        }
      } else {
        pending++;
      }
    }
    cssPending = pending;
  }
  // cssSoon runs a scan within a second of the last one (never more often).
  function cssSoon() {
    if (cssTimer || typeof later !== 'function') {
      return;
    }
    var wait = 1000 - (now ? now() - cssLast : 1000);
    cssTimer = apply(later, w, [function () {
      cssTimer = 0;
      cssLast = now ? now() : 0;
      try {
        cssScan();
      } catch (e) {
        // A document whose style the script cannot read: nothing told.
      }
    }, wait > 50 ? wait : 50]);
  }
  // cssChanged is the document's changing (a mutation): a scan is due
  // when a candidate is still untold or the number of sheets changed.
  function cssChanged() {
    try {
      if (cssPending > 0 || w.document.styleSheets.length !== cssSheetCount) {
        cssSoon();
      }
    } catch (e) {
      // No sheets to read.
    }
  }
  if (GARDEN) {
    w.addEventListener('DOMContentLoaded', cssSoon, true);
    w.addEventListener('load', function (e) {
      var tag = e.target === w || e.target === w.document ? '' : toStr(e.target && e.target.localName || '');
      if (tag === '' || tag === 'link' || tag === 'style') {
        cssSoon();
      }
    }, true);
  }

  w.addEventListener('error', function (e) {
    if (e.target !== w) {
      // An element's resource failed to load. The network record has it,
      // except for loads WebKit refused before they started: the walled
      // garden's content filter and mixed content.
      // A <link>'s load is told with its destination (linkDest), which
      // says what it loads: a preload of a script is no style sheet.
      var el = e.target, src = el && (el.currentSrc || el.src || el.href);
      if (GARDEN && el && (el.localName === 'link' || el.localName === 'style')) {
        cssSoon(); // a refused @import fires its sheet's error event
      }
      if (typeof src === 'string' && src) {
        var tag = toStr(el.localName || ''), dest = tag === 'link' ? linkDest(el) : '';
        send('resource', tag, cut(src), dest, 0, 0, '');
        mixed(tag, src, dest);
        badPort(tag, src, dest);
        refusedAnswer(el, src);
      }
      return;
    }
    var err = e.error;
    var stack = err && err.stack ? err.stack : '';
    send('error', 'error', cut(e.message || describe(err)), e.filename, e.lineno, e.colno, stack,
      err ? '' : declaration());
  }, true);

  // declaration finds, in the page's inline scripts, a let, const, class or
  // function declaration (async and generator functions too) of a name like
  // the app's globals (const DataMart = …, function DataMart() {}). WebKit
  // refuses a whole script whose top-level declaration takes the name of a
  // global the page cannot replace, and reports only "Script error.", with
  // no error object: the host names the likely cause from this. A var of
  // the same name runs (its assignment goes to the global's setter), so it
  // is not looked for. The host decides whether the name is one of the
  // app's objects. A same-origin external script needs no scan: WebKit
  // gives its error in full ("Can't declare global function 'DataMart'").
  var NAME = '((?:DataMart|MobilePlans)[\\w$]*)';
  var LEXICAL = new RegExp('(?:^|[^\\w$.])(const|let|class)\\s+' + NAME);
  // A function declaration starts a statement; "= function DataMart" is
  // an expression, which declares nothing.
  var FUNCTION = new RegExp('(?:^|[;{}\\n])\\s*(async\\s+)?function\\s*(\\*?)\\s*' + NAME);
  // The scan is made again only when the document's number of scripts
  // changed since the last one: a page that floods bare errors does not
  // make it repeat.
  var scanned = -1, found = '';
  function declared(text) {
    var m = LEXICAL.exec(text);
    if (m) {
      return m[1] + ' ' + m[2];
    }
    m = FUNCTION.exec(text);
    if (m) {
      return (m[1] ? 'async ' : '') + 'function' + m[2] + ' ' + m[3];
    }
    return '';
  }
  function declaration() {
    try {
      var scripts = w.document.scripts;
      if (scripts.length === scanned) {
        return found;
      }
      scanned = scripts.length;
      found = '';
      for (var i = 0; i < scripts.length && i < 200 && !found; i++) {
        found = scripts[i].src ? '' : cut(declared(toStr(scripts[i].text).slice(0, 200000)));
      }
    } catch (e) {
      // A page that broke the DOM's getters: no hint.
    }
    return found;
  }

  // The main-thread heartbeat (top frame only): a beat every BEAT ms; a
  // beat more than BEAT + STALL ms after the previous one means the thread
  // was blocked for at least the gap less the BEAT the timer waits anyway
  // (the block may have begun just after the previous beat, or just
  // before the next was due), which is what is reported: a lower bound,
  // never overstated (QA: 160 ms blocks were reported as 211 ms stalls).
  // WebKit has no longtask observer. It costs one timer call per beat and
  // a message per stall; a hidden page's timers are throttled, so its gaps
  // are not stalls.
  var BEAT = 50, STALL = 200;
  var perf = w.performance, now = perf && perf.now ? perf.now.bind(perf) : null;
  var every = w.setInterval;
  if (top && now && typeof every === 'function') {
    var last = now();
    apply(every, w, [function () {
      var t = now();
      var blocked = t - last - BEAT;
      last = t;
      if (blocked > STALL && w.document.visibilityState !== 'hidden') {
        send('stall', '', '', '', blocked | 0, 0, '');
      }
    }, BEAT]);
    w.document.addEventListener('visibilitychange', function () {
      last = now();
    }, true);
  }

  // Which frame made each request (WebKit's network signals name none):
  // this frame's Resource Timing entries, which WebKit adds as each load
  // ends, go to the window in batches with this frame's URL. An observer
  // changes nothing the page sees (its own entries, buffer and observers
  // are untouched); it costs a callback per batch of ended loads.
  var MAX_URL = 8000, BATCH = 50;
  function sendLoads(loads) {
    try {
      post(message(['t', TOKEN, 'k', 'loads', 'r', loads, 'f', cut(w.location.href), 'top', top]));
    } catch (e) {
      // The handler is gone (the window is closing).
    }
  }
  // size is a byte count of an entry, 0 unless it is a positive number (a
  // page that redefines the getters gets nothing worse than no size).
  function size(v) {
    return typeof v === 'number' && v > 0 ? v : 0;
  }
  var Observer = w.PerformanceObserver;
  if (typeof Observer === 'function') {
    try {
      new Observer(function (list) {
        var entries = list.getEntries(), loads = [];
        for (var i = 0; i < entries.length; i++) {
          var name = toStr(entries[i].name);
          if (name.length <= MAX_URL) {
            // transferSize, encodedBodySize and decodedBodySize: bytes on
            // the wire, the body as sent and the body decoded (0 when the
            // entry hides them: cross-origin without Timing-Allow-Origin,
            // or from the cache).
            loads.push([name, toStr(entries[i].initiatorType || ''),
              size(entries[i].transferSize), size(entries[i].encodedBodySize), size(entries[i].decodedBodySize)]);
          }
          if (loads.length === BATCH) {
            sendLoads(loads);
            loads = [];
          }
        }
        if (loads.length) {
          sendLoads(loads);
        }
      }).observe({type: 'resource', buffered: true});
    } catch (e) {
      // No Resource Timing here: the requests have no frame.
    }
  }

  // A Content-Security-Policy violation: WebKit refuses the script, style,
  // load or eval and tells the page only through this event (its own
  // console message does not reach the page's console). An enforced one is
  // recorded as a page error, a report-only one as a warning.
  // refusedAnswer tells, as a console error, of a script or stylesheet
  // whose load the engine refused after a successful answer: its error
  // event fired, yet the load has a Resource Timing entry, which WebKit
  // adds only for a response that was not an HTTP error. Its body never
  // ran, or never styled the page, and nothing else says so: a
  // Content-Type that is not a script's or a style sheet's, with
  // X-Content-Type-Options: nosniff, a Subresource Integrity mismatch, or
  // an integrity attribute on a load without CORS of another origin, or
  // of this origin redirected to another.
  var entriesByName = w.Performance && w.Performance.prototype.getEntriesByName;
  var getAttribute = w.Element && w.Element.prototype.getAttribute;
  var linkSheetOf = builtInGetter(w.HTMLLinkElement && w.HTMLLinkElement.prototype, 'sheet');
  // sheetState says whether a <link>'s sheet applies: 'applied' when it
  // has rules, 'empty' when it has none (WebKit gives a sheet it refused an
  // empty one), 'unknown' for a sheet of another origin, whose rules cannot
  // be read (the window then asks its request record: see "refused").
  var sheetRulesOf = builtInGetter(w.CSSStyleSheet && w.CSSStyleSheet.prototype, 'cssRules');
  var ruleListLength = builtInGetter(w.CSSRuleList && w.CSSRuleList.prototype, 'length');
  function sheetState(el) {
    var sheet;
    try {
      sheet = linkSheetOf && apply(linkSheetOf, el, []);
    } catch (e) {
      return 'empty';
    }
    if (!sheet || !sheetRulesOf || !ruleListLength) {
      return 'empty';
    }
    var rules;
    try {
      rules = apply(sheetRulesOf, sheet, []);
    } catch (e) {
      return 'unknown'; // a SecurityError: another origin's rules
    }
    try {
      return apply(ruleListLength, rules, []) > 0 ? 'applied' : 'empty';
    } catch (e) {
      return 'empty';
    }
  }
  // withoutCORS is whether el asked for src, of another origin than this
  // document's (DOC_ORIGIN), without CORS: it has no crossorigin
  // attribute. WebKit checks an integrity attribute only on a CORS answer
  // and refuses such a load whatever its body (checked in WebKitGTK
  // 2.50.6: TestE2ESheetWithIntegrityAndABrokenImport).
  var urlOriginOf = builtInGetter(URLCtor && URLCtor.prototype, 'origin');
  function withoutCORS(el, src) {
    var origin = originOf(src);
    return origin !== '' && origin !== DOC_ORIGIN && noCrossOrigin(el);
  }
  // noCrossOrigin is whether el has no crossorigin attribute: its load is
  // made without CORS (no-cors). False when that cannot be read, or when
  // this document's origin is not known (nothing to compare with).
  function noCrossOrigin(el) {
    try {
      return !!(urlOriginOf && DOC_ORIGIN && getAttribute) && apply(getAttribute, el, ['crossorigin']) === null;
    } catch (e) {
      return false;
    }
  }
  // originOf is the origin of the URL src, read through the built-in
  // getter; '' when it is no URL.
  function originOf(src) {
    try {
      return toStr(apply(urlOriginOf, new URLCtor(src), []));
    } catch (e) {
      return '';
    }
  }
  // crossOriginRedirect says how a load of a URL of this document's own
  // origin, without CORS (no crossorigin attribute), was answered by
  // another origin, from its Resource Timing entry: 'hidden' when the
  // entry hides the answer's timing (requestStart and responseStart 0,
  // the timing allow check failed), which it does only when the answer,
  // or a hop before it, was of another origin without
  // Timing-Allow-Origin, so for a URL of this origin only after a
  // redirect to another origin; 'redirected' when the entry shows a
  // redirect (redirectStart) whose target the page cannot see (another
  // origin that sent Timing-Allow-Origin, or this one); '' for no
  // redirect. A redirect to another origin makes the answer opaque,
  // and WebKit then refuses an integrity attribute's load whatever its
  // body, as for a URL of another origin (checked in WebKitGTK 2.50.6:
  // TestE2EIntegrityLoadRedirectedToAnotherOrigin). The getters are the
  // built-in ones, taken here.
  var timingProto = w.PerformanceResourceTiming && w.PerformanceResourceTiming.prototype;
  var timingGetters = {};
  ['fetchStart', 'requestStart', 'responseStart', 'redirectStart'].forEach(function (name) {
    timingGetters[name] = builtInGetter(timingProto, name);
  });
  function timingOf(entry, name) {
    try {
      return +apply(timingGetters[name], entry, []) || 0;
    } catch (e) {
      return 0;
    }
  }
  function crossOriginRedirect(entry) {
    if (!timingGetters.fetchStart || !timingGetters.requestStart || !timingGetters.responseStart) {
      return '';
    }
    if (timingOf(entry, 'fetchStart') > 0 && timingOf(entry, 'requestStart') === 0 && timingOf(entry, 'responseStart') === 0) {
      return 'hidden';
    }
    return timingGetters.redirectStart && timingOf(entry, 'redirectStart') > 0 ? 'redirected' : '';
  }
  // integrityWhy is why WebKit refused el's load of src with an integrity
  // attribute after a successful answer, entry its last Resource Timing
  // entry: of another origin without CORS (withoutCORS), of this origin
  // but redirected to another without CORS (crossOriginRedirect), or a
  // body that does not match.
  var CORS_ONLY = 'Subresource Integrity is checked only on a CORS answer (crossorigin="anonymous" and Access-Control-Allow-Origin), ' +
    'so WebKit refuses it whatever its body';
  function integrityWhy(el, src, entry) {
    if (withoutCORS(el, src)) {
      return 'it has an integrity attribute, is of another origin and has no crossorigin attribute: ' + CORS_ONLY;
    }
    var redirect = noCrossOrigin(el) && originOf(src) === DOC_ORIGIN ? crossOriginRedirect(entry) : '';
    if (redirect === 'hidden') {
      return 'it has an integrity attribute and no crossorigin attribute, and its URL, of this page\u2019s origin, ' +
        'redirected to another origin (the network record names it), whose answer is opaque without CORS: ' + CORS_ONLY +
        ' (serve it from this origin without the redirect, or add crossorigin="anonymous" and have the other origin answer with Access-Control-Allow-Origin)';
    }
    var why = 'its body does not match its integrity attribute (Subresource Integrity)';
    if (redirect === 'redirected') {
      why += ', or, as it was redirected and has no crossorigin attribute, the redirect led to another origin, ' +
        'whose answer WebKit refuses whatever its body without CORS (the network record names the redirect\u2019s target)';
    }
    return why;
  }
  function refusedAnswer(el, src) {
    try {
      var tag = toStr(el.localName || '');
      if ((tag !== 'script' && tag !== 'link') || !entriesByName || !w.performance) {
        return;
      }
      var entries = apply(entriesByName, w.performance, [src, 'resource']);
      if (!entries.length) {
        return;
      }
      var state = tag === 'link' ? sheetState(el) : '';
      if (state === 'applied') {
        // Its sheet applies: the error was one of its @imports', which
        // WebKit gives the <link> once they have all ended.
        return;
      }
      var what = tag === 'script' ? 'script' : 'style sheet';
      var sri = getAttribute ? apply(getAttribute, el, ['integrity']) : '';
      var why = !sri ? 'its Content-Type is not a ' + what + '\u2019s, and X-Content-Type-Options: nosniff (or the type itself) forbids running it as one' :
        integrityWhy(el, src, entries[entries.length - 1]);
      var text = cut('The ' + what + ' ' + src + ' was refused after a successful answer, so it never ' +
        (tag === 'script' ? 'ran' : 'applied') + ': ' + why);
      if (state === 'unknown' && !sri) {
        // Another origin's sheet: only the answer's type tells a refused
        // sheet from one whose @import failed, and the window has it. One
        // with an integrity attribute that applied came with CORS, so its
        // rules are readable ('applied'); a refused one has no sheet.
        send('refused', 'error', text, src, 0, 0, '');
        return;
      }
      send('console', 'error', text, '', 0, 0, '');
    } catch (e) {
      // Not an element the getters can read.
    }
  }

  // linkDest is the destination of a <link>'s load, which says what it
  // loads (the window's resource type): "style" for a style sheet, a
  // preload's as attribute (script, font, image, fetch, style, …), a
  // modulepreload's ("script" unless it names another), "other" for any
  // other link. Read through the built-in getAttribute.
  function linkDest(el) {
    try {
      if (hasRel(el, 'stylesheet')) {
        return 'style';
      }
      var as = getAttribute ? toStr(apply(getAttribute, el, ['as']) || '').trim().toLowerCase() : '';
      if (hasRel(el, 'modulepreload')) {
        return as || 'script';
      }
      if (hasRel(el, 'preload') && as) {
        return as;
      }
    } catch (e) {
      // Not an element the getter can read.
    }
    return 'other';
  }
  function hasRel(el, rel) {
    var rels = getAttribute ? toStr(apply(getAttribute, el, ['rel']) || '').toLowerCase().split(/\s+/) : [];
    return rels.indexOf(rel) >= 0;
  }

  var lastViolation = {key: '', at: 0};
  w.addEventListener('securitypolicyviolation', function (e) {
    try {
      var blocked = toStr(e.blockedURI || ''), directive = toStr(e.effectiveDirective || e.violatedDirective || '');
      var what = blocked === 'inline' ? 'an inline ' + (directive.indexOf('style') === 0 ? 'style' : 'script') :
        blocked === 'eval' ? 'eval()' : blocked ? 'a load of ' + blocked : 'something';
      var enforced = toStr(e.disposition || 'enforce') !== 'report';
      var text = 'Content-Security-Policy ' + (enforced ? 'refused ' : 'would refuse (report only) ') + what +
        ' (directive ' + toStr(e.violatedDirective || directive) + ' of the policy "' + toStr(e.originalPolicy || '') + '")';
      var src = toStr(e.sourceFile || ''), line = e.lineNumber, col = e.columnNumber;
      if (!/^(?:https?|file|blob|data|about):/.test(src)) {
        // Not the page's location: this script's fetch wrapper, which
        // called the built-in fetch for the page (see fetchCalls).
        var call = fetchCallOf(blocked);
        src = call ? call.s : '';
        line = call ? call.n : 0;
        col = call ? call.c : 0;
      }
      // WebKit fires some violations twice, a few milliseconds apart (a
      // report-only refusal of an XHR): one record of each.
      var key = text + '\u0000' + src + ':' + line + ':' + col, now = e.timeStamp;
      if (key === lastViolation.key && now - lastViolation.at < 100) {
        return;
      }
      lastViolation = {key: key, at: now};
      send(enforced ? 'error' : 'console', enforced ? 'error' : 'warn', cut(text), src, line, col, '');
      if (enforced && /^(?:https?|wss?):/i.test(blocked)) {
        // A load it refused: WebKit starts no request for it.
        send('csp', directive, cut(blocked), cut(toStr(e.violatedDirective || directive) + ' of the policy "' + toStr(e.originalPolicy || '') + '"'), 0, 0, '');
      }
    } catch (err) {
      // A page that broke the event's getters: nothing to report.
    }
  }, true);

  w.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    var stack = r && r.stack ? r.stack : '';
    var at = where(stack);
    send('rejection', 'error', 'Unhandled promise rejection: ' + cut(describe(r)), at.s, at.n, at.c, stack);
  }, true);
})();
