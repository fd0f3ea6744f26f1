// late.js: the late-work watch, which the portal window registers (with
// the scenario steps) as a user script of the page's own world in every
// frame, at document start, after "const token = …;" (a token of its own,
// which the frame agent has as watchToken; not the agent's token). It lets a step's click tell a page that navigates late (its
// click handler's setTimeout, or a fetch it awaits first) from one that
// is done: what a click (or a choice's change) starts — timers of at most
// 2 s, fetches, XMLHttpRequests — and what those start in turn is counted
// until it has run or settled. The frame agent asks, in the steps' world,
// by an event named after token on this window ("?"), and the answer is an
// event back ("!busy" while the count is not 0). A page sees wrapped
// setTimeout, clearTimeout, fetch and XMLHttpRequest.prototype.send that
// behave as before; what it could do to the count only makes a step wait
// longer, within the host's bound (docs/scenarios.md).
(() => {
  const w = window;
  const ST = w.setTimeout, CT = w.clearTimeout, F = w.fetch;
  const XHR = w.XMLHttpRequest && w.XMLHttpRequest.prototype;
  const XS = XHR && XHR.send;
  const dispatch = w.EventTarget.prototype.dispatchEvent, listen = w.EventTarget.prototype.addEventListener;
  const Ev = w.Event, P = w.Promise;
  const maxDelay = 2000;
  const live = new Set();
  let pending = 0, causal = false, resetting = false;
  // mark: what runs from now until a task later (the microtasks of the
  // click's handlers, of a timer's callback or of a settled fetch's
  // continuations included) was started by a step's act.
  const mark = () => {
    causal = true;
    if (!resetting) {
      resetting = true;
      ST.call(w, () => { causal = false; resetting = false; }, 0);
    }
  };
  const settled = () => { pending = Math.max(0, pending - 1); mark(); };
  w.setTimeout = function (fn, delay, ...args) {
    if (!causal || typeof fn !== "function" || !(Number(delay || 0) <= maxDelay)) return ST.call(w, fn, delay, ...args);
    pending++;
    const id = ST.call(w, function () {
      if (live.delete(id)) settled();
      return fn.apply(this, args);
    }, delay);
    live.add(id);
    return id;
  };
  w.clearTimeout = function (id) {
    if (live.delete(id)) pending = Math.max(0, pending - 1);
    return CT.call(w, id);
  };
  if (typeof F === "function") {
    w.fetch = function (...args) {
      const p = F.apply(this, args);
      if (!causal) return p;
      pending++;
      // The page gets a promise of its own, which it handles or not: an
      // unhandled rejection stays the page's.
      return new P((ok, fail) => p.then((v) => { settled(); ok(v); }, (err) => { settled(); fail(err); }));
    };
  }
  if (typeof XS === "function") {
    XHR.send = function (...args) {
      if (causal) {
        pending++;
        let done = false;
        const end = () => { if (!done) { done = true; settled(); } };
        listen.call(this, "loadend", end);
        try {
          return XS.apply(this, args);
        } catch (err) {
          end();
          throw err;
        }
      }
      return XS.apply(this, args);
    };
  }
  listen.call(w, "click", mark, true);
  listen.call(w, "change", mark, true);
  listen.call(w, token + "?", (ev) => {
    ev.stopImmediatePropagation();
    dispatch.call(w, new Ev(pending > 0 ? token + "!busy" : token + "!idle"));
  }, true);
})();
