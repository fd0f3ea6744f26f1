// run.js: the body of the step the host runs in the top frame's isolated
// world "mpsim-steps", after "const a = {…};" (the step) and steps.js. It
// looks for the step's element, text or URL every 100 ms until a.timeout
// has passed, and acts on it once found; it returns the answer as a JSON
// string {ok, detail, error, near, fields, labels, frames} (see the
// session package's stepAnswer).
const lib = stepLib(a, globalThis.mpsimStepAgent);
// Where the step acted goes after what it did: "clicked <button> "Pay" in
// iframe#card (https://pay.example/card)".
const told = (ans) => {
  const w = ans.where ? " in " + ans.where : "";
  return ans.ok ? { ok: true, detail: ans.detail + w, late: !!ans.late, fieldType: ans.fieldType || "" } : { ok: false, error: String(ans.error || "") + w };
};
// farTime bounds the asking of cross-origin frames past the deadline (a
// round that began before it ends), and at a miss what they show.
const farTime = 1000;
const deadline = Date.now() + a.timeout;
for (;;) {
  let ans;
  try {
    ans = a.action === "wait_url" ? lib.url() : await lib.attempt(false, deadline + farTime);
  } catch (err) {
    return JSON.stringify({ ok: false, error: String((err && err.message) || err) });
  }
  if (ans) return JSON.stringify(told(ans));
  if (Date.now() >= deadline) {
    let seen = {};
    try { seen = await lib.seen(Date.now() + farTime); } catch (err) { seen = {}; }
    return JSON.stringify(Object.assign({ ok: false, error: lib.missing() }, seen));
  }
  await lib.sleep(100);
}
