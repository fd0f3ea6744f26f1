// Runs assets/inspect/inspect.js in Node's vm module with a fake WebKit
// page (script_node_test.go): argv[2] is the script, argv[3] a JSON file of
// messages, each a list of console.error arguments, {"level": method,
// "args": arguments of any JSON type}, or {"repeat": text, "times": n,
// "then": text}. It prints, a line each, the JSON of the text
// ("x") the script posted for each message.
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
const w = {
  webkit: {messageHandlers: {inspect: {postMessage: function (m) { posted.push(JSON.parse(m)); }}}},
  location: {href: 'https://portal.example/', protocol: 'https:'},
  document: doc,
  addEventListener: noop,
  console: {log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop, assert: noop, dir: noop, table: noop},
};
w.window = w;
w.top = w;
vm.createContext(w);
vm.runInContext(src, w);

for (const m of messages) {
  const args = Array.isArray(m) ? m : m.level ? m.args : [m.repeat.repeat(m.times) + m.then];
  posted.length = 0;
  w.console[m.level || 'error'].apply(w.console, args);
  const got = posted.filter((p) => p.k === 'console');
  if (got.length !== 1) {
    throw new Error('posted ' + got.length + ' console messages, want 1');
  }
  process.stdout.write(JSON.stringify(got[0].x) + '\n');
}
