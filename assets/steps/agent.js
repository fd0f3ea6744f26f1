// agent.js: the frame agent, which the portal window registers as a user
// script in the isolated world "mpsim-steps" of every frame, at document
// start (before any script of the page's), after "const token = …;" and
// steps.js. token is random for each window process and is in no page's
// reach: the page can read neither a user script's source nor this world.
//
// In a frame, the agent listens for the host's commands: a message that
// holds token, sent by the agent world of the window the frame is in (or
// of the window whose same-origin frame that is), asking it to find and act once ("act") or to say what it shows
// ("seen"), as the step a. It answers that window with the same token. In
// every window it takes the answers of its own frames and resolves the
// promise of the step (or of the command) that asked. Its listener is the
// window's first, in the capture phase: it stops every message holding
// token (stopImmediatePropagation), so the page's own message listeners
// never see one; any other message, a command without token too, it
// leaves to the page untouched. Messages are JSON strings.
(() => {
  const key = "mpsimSteps";
  const pending = new Map(); // id → { win, done }
  let seq = 0;
  const agent = {
    // frameWait is how long a window waits for one frame's answer;
    // grace, how much longer than the time it gave the frame to act.
    frameWait: 300,
    grace: 100,
    // ask posts msg to the frame's window win, telling it to act by by,
    // and resolves with its answer, or with null when none came by by
    // plus grace (a frame without its agent yet, still loading).
    ask(win, msg, by) {
      return new Promise((done) => {
        if (!win) {
          done(null);
          return;
        }
        const id = ++seq;
        const timer = setTimeout(() => {
          pending.delete(id);
          done(null);
        }, Math.max(0, by + agent.grace - Date.now()));
        pending.set(id, { win, done: (ans) => { clearTimeout(timer); done(ans); } });
        try {
          win.postMessage(JSON.stringify(Object.assign({ [key]: token, id, by }, msg)), "*");
        } catch (err) {
          pending.delete(id);
          clearTimeout(timer);
          done(null);
        }
      });
    },
    // busy says whether the page's world in the window win is still
    // running work a step's act started (late.js, which answers an event
    // named after watchToken, baked in after token): false when it cannot
    // tell.
    busy(win) {
      let ans = false;
      const on = () => { ans = true; };
      try {
        win.addEventListener(watchToken + "!busy", on, true);
        win.dispatchEvent(new win.Event(watchToken + "?"));
      } catch (err) {
        return false;
      } finally {
        try { win.removeEventListener(watchToken + "!busy", on, true); } catch (err) { /* gone */ }
      }
      return ans;
    },
  };
  Object.defineProperty(globalThis, "mpsimStepAgent", { value: agent });
  // handle performs a command and returns its answer; found says whether
  // the frame had the step's element (act).
  const handle = async (m) => {
    const lib = stepLib(m.a, agent);
    if (m.op === "seen") return Object.assign({ url: lib.here() }, await lib.seen(m.by));
    const ans = await lib.attempt(!!m.strict, m.by);
    return ans ? Object.assign({ found: true }, ans, { url: lib.here() }) : { found: false };
  };
  addEventListener("message", (ev) => {
    const d = ev.data;
    if (typeof d !== "string" || !d.includes(token)) return;
    let m = null;
    try { m = JSON.parse(d); } catch (err) { return; }
    if (!m || typeof m !== "object" || m[key] !== token) return;
    ev.stopImmediatePropagation();
    if (typeof m.re === "number") {
      const p = pending.get(m.re);
      if (p && p.win === ev.source) {
        pending.delete(m.re);
        p.done(m.answer && typeof m.answer === "object" ? m.answer : null);
      }
      return;
    }
    // Commands come from an ancestor's agent (the token says so): the
    // parent's, or the top's or a cross-origin frame's for a frame inside
    // a same-origin frame of theirs (the window whose script posts is the
    // message's source). The top frame takes none.
    if (window === top || !ev.source || !m.a || typeof m.id !== "number" || typeof m.by !== "number") return;
    const to = ev.source, origin = ev.origin === "null" ? "*" : ev.origin;
    const reply = (answer) => {
      try { to.postMessage(JSON.stringify({ [key]: token, re: m.id, answer }), origin); } catch (err) { /* the parent went away */ }
    };
    handle(m).then(reply, (err) => reply({ found: true, ok: false, error: String((err && err.message) || err) }));
  }, true);
})();
