// Runs assets/inspect/inspect.js in Node's vm module with a fake WebKit
// page (script_node_test.go): argv[2] is the script, argv[3] a JSON file of
// messages, each a list of console.error arguments, {"level": method,
// "args": arguments of any JSON type}, {"repeat": text, "times": n,
// "then": text}, or {"refused": {"tag", "src", "attrs", "timing"}}: an
// element of that tag (script or link) with those attributes whose load of
// src fired an error event, src having a Resource Timing entry of that
// timing (fetchStart, requestStart, responseStart, redirectStart); or
// {"worker": {"ctor": "Worker" or "SharedWorker", "url": a string, or
// {"href": …} for a URL object}}: the page constructs that worker (a url
// of "throw" makes the constructor throw). It
// prints, a line each, the JSON of the text ("x") the script posted for
// each message as a console message ("" when it posted none for a refused
// load or a worker; a worker's text after its level and ": ").
'use strict';
const fs = require('fs');
const vm = require('vm');

const src = fs.readFileSync(process.argv[2], 'utf8')
  .split('__INSPECT_TOKEN__').join('token')
  .split('__INSPECT_HANDLER__').join('inspect');
const messages = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));

const posted = [];
const noop = function () {};
const doc = {baseURI: 'https://portal.example/', scripts: [], visibilityState: 'visible', addEventListener: noop};
const listeners = {};

// Element has the built-in getAttribute the script takes; an element's
// attributes are its own.
class Element {
  constructor(tag, attrs, src) {
    this.localName = tag;
    this.attrs = attrs;
    this.src = src;
  }
  getAttribute(name) {
    return Object.prototype.hasOwnProperty.call(this.attrs, name) ? this.attrs[name] : null;
  }
}
// PerformanceResourceTiming has the built-in getters the script reads.
class PerformanceResourceTiming {
  constructor(name, timing) {
    this.entryName = name;
    this.timing = timing;
  }
}
for (const f of ['fetchStart', 'requestStart', 'responseStart', 'redirectStart']) {
  Object.defineProperty(PerformanceResourceTiming.prototype, f, {get: function () { return this.timing[f] || 0; }});
}
let entries = [];
class Performance {
  getEntriesByName(name, type) {
    return type === 'resource' ? entries.filter((e) => e.entryName === name) : [];
  }
}

// Worker and SharedWorker stand for the engine's constructors: a url of
// "throw" throws, as the engine does for a URL it refuses.
class Worker {
  constructor(url) {
    if (url === 'throw') {
      throw new TypeError('refused');
    }
    this.url = url;
  }
}
class SharedWorker extends Worker {}

const w = {
  webkit: {messageHandlers: {inspect: {postMessage: function (m) { posted.push(JSON.parse(m)); }}}},
  location: {href: 'https://portal.example/', protocol: 'https:'},
  origin: 'https://portal.example',
  document: doc,
  addEventListener: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
  console: {log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop, assert: noop, dir: noop, table: noop},
  URL: URL,
  Element: Element,
  Performance: Performance,
  PerformanceResourceTiming: PerformanceResourceTiming,
  performance: new Performance(),
  Worker: Worker,
  SharedWorker: SharedWorker,
};
w.window = w;
w.top = w;
vm.createContext(w);
vm.runInContext(src, w);

for (const m of messages) {
  posted.length = 0;
  if (m.refused) {
    const r = m.refused;
    entries = [new PerformanceResourceTiming(r.src, r.timing || {})];
    const el = new Element(r.tag, r.attrs || {}, r.src);
    for (const fn of listeners.error || []) {
      fn({target: el});
    }
    const got = posted.filter((p) => p.k === 'console' || p.k === 'refused');
    if (got.length > 1) {
      throw new Error('posted ' + got.length + ' console messages for a refused load, want 1 at most');
    }
    process.stdout.write(JSON.stringify(got.length ? got[0].x : '') + '\n');
    continue;
  }
  if (m.worker) {
    const Ctor = w[m.worker.ctor];
    const url = typeof m.worker.url === 'string' ? m.worker.url : new URL(m.worker.url.href);
    let obj;
    try {
      obj = new Ctor(url);
    } catch (e) {
      obj = null;
    }
    // The page's object is the engine's, and the replaced constructor
    // still stands for it.
    if (obj && (!(obj instanceof Worker) || obj.url !== url || Object.getPrototypeOf(obj).constructor !== Ctor)) {
      throw new Error('the ' + m.worker.ctor + ' the page got is not the engine\'s');
    }
    const got = posted.filter((p) => p.k === 'console');
    if (got.length > 1) {
      throw new Error('posted ' + got.length + ' console messages for a worker, want 1 at most');
    }
    process.stdout.write(JSON.stringify(got.length ? got[0].l + ': ' + got[0].x : '') + '\n');
    continue;
  }
  const args = Array.isArray(m) ? m : m.level ? m.args : [m.repeat.repeat(m.times) + m.then];
  w.console[m.level || 'error'].apply(w.console, args);
  const got = posted.filter((p) => p.k === 'console');
  if (got.length !== 1) {
    throw new Error('posted ' + got.length + ' console messages, want 1');
  }
  process.stdout.write(JSON.stringify(got[0].x) + '\n');
}
