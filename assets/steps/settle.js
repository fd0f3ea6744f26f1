// settle.js: the body the host runs in the top frame's isolated world
// "mpsim-steps", after "const a = {timeout};", when a step's click (or
// choice) started no navigation within 150 ms but started work of the
// page's (late.js): it waits, polling every 20 ms, until that work is done
// in the top document and its same-origin frames, or a.timeout has
// passed, and returns {"ok":true,"late":B}, B saying whether work was
// still under way at the end. A navigation the work starts ends the
// script (the world goes with the page); the host waits for it anyway.
const agent = globalThis.mpsimStepAgent;
const by = Date.now() + a.timeout;
const busy = () => {
  if (!agent) return false;
  const wins = [window];
  for (const f of document.querySelectorAll("iframe, frame")) {
    try {
      if (f.contentDocument) wins.push(f.contentWindow);
    } catch (err) {
      // a cross-origin frame: its navigations are not waited for
    }
  }
  return wins.some((w) => agent.busy(w));
};
while (busy() && Date.now() < by) await new Promise((ok) => setTimeout(ok, 20));
// A navigation the work's last callback asked for (location.href = …) is
// a task of its own, queued before this timer's: once it has run, WebKit
// has asked the window about the navigation before this answer reaches
// it, and the host waits for the navigation's load however late it starts.
if (!busy()) await new Promise((ok) => setTimeout(ok, 0));
return JSON.stringify({ ok: true, late: busy() });
