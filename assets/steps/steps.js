// steps.js: the scenario steps' runtime, shared by the step body the host
// runs in the top frame (run.js follows it) and the frame agent every frame
// gets as a user script (agent.js follows it). Both run in the isolated
// JavaScript world "mpsim-steps": the page shares the DOM but can neither
// see nor change this code, and it does not see the page's globals.
//
// stepLib(a, agent) is the runtime of the step a ({action, target, value,
// timeout, stepTimeout}) in this window's document. agent is the world's
// frame agent (globalThis.mpsimStepAgent, or undefined where the window
// has none), which asks this document's cross-origin frames to do their
// part: their documents are out of any script's reach but their agent's.
const stepLib = (a, agent) => {
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  // Texts are compared in Unicode NFC, so that "é" typed as one code point
  // matches "é" written as e and a combining accent (the page cannot change
  // this world's normalize).
  const nfc = (s) => String(s || "").normalize("NFC");
  const target = nfc(a.target);
  const shown = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  // toggles says whether e is a checkbox or a radio button.
  const toggles = (e) => e.localName === "input" && (e.type === "checkbox" || e.type === "radio");
  // labelOf is the text of e's label (label[for=id], or the label it is
  // in), else its aria-label: what a user reads next to a checkbox or radio
  // button, whose value ("on") says nothing.
  const labelOf = (e) => {
    const l = e.labels && e.labels[0];
    return (l && l.innerText) || e.getAttribute("aria-label") || "";
  };
  // describe names an element by its tag, id and text (or a checkbox's or
  // radio button's label, or its value; v, the value a step is about to
  // give it, when there is one).
  const describe = (e, v) => {
    const s = "<" + e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + ">";
    const text = v !== undefined ? v : toggles(e) ? labelOf(e) || e.value : e.innerText || e.value;
    const t = String(text || "").trim().replace(/\s+/g, " ");
    return t ? s + " " + JSON.stringify(t.length > 60 ? t.slice(0, 60) + "…" : t) : s;
  };
  // frameName names a frame by its element: id, name or up to three classes.
  const frameName = (f) => f.localName + (f.id ? "#" + CSS.escape(f.id) : f.name ? "[name=" + JSON.stringify(f.name) + "]" :
    Array.from(f.classList).slice(0, 3).map((c) => "." + CSS.escape(c)).join(""));
  // here is this window's address without its query: a frame's answer
  // names it ("in iframe#card (https://pay.example/card)").
  const here = () => String(location.href).split(/[?#]/)[0];
  // The documents a step looks into: this window's first, then those of
  // its shown same-origin frames, breadth first (at most 50); where names
  // each frame's document ("iframe#pay › iframe#inner"). A cross-origin
  // frame's document is out of this script's reach: its shown frames are
  // in far, in document order, for the frame agent to ask.
  const where = new Map([[document, ""]]);
  const far = [];
  const docs = () => {
    const out = [document];
    far.length = 0;
    for (let i = 0; i < out.length; i++) {
      for (const f of out[i].querySelectorAll("iframe, frame")) {
        if (!shown(f)) continue;
        let d = null;
        try { d = f.contentDocument; } catch (err) { d = null; }
        if (d && d.documentElement && out.length < 50) {
          if (!where.has(d)) where.set(d, (where.get(out[i]) ? where.get(out[i]) + " › " : "") + frameName(f));
          out.push(d);
        } else if (!d && far.length < 300) {
          far.push(f);
        }
      }
    }
    return out;
  };
  // farName names a cross-origin frame by the path of frame elements to it.
  const farName = (f) => {
    const w = where.get(f.ownerDocument);
    return (w ? w + " › " : "") + frameName(f);
  };
  // farText is a cross-origin frame for a hint: its name and its address
  // without the query.
  const farText = (f) => {
    const src = f.hasAttribute("srcdoc") ? "(srcdoc)" : String(f.src || "").split(/[?#]/)[0];
    return farName(f) + (src ? " " + src.slice(0, 120) : "");
  };
  // clickable is what a user clicks on purpose: buttons, links, tabs, menu
  // items, summaries, labels and input buttons.
  const clickable = "button, a, [role=button], [role=link], [role=tab], [role=menuitem], summary, label, input[type=submit], input[type=button], input[type=reset]";
  // busyish is what says a page's state: busy parts, progress bars, status
  // and alert lines.
  const busyish = "[aria-busy=true], [role=progressbar], progress, [role=status], [role=alert], output";
  // byText is the element whose text is t: a clickable one (or one inside
  // it) before any other, as a heading that repeats a button's text is not
  // what a user clicks; among equals the first, or the innermost of nested
  // ones.
  const byText = (t, d) => {
    let best = null, bestClicks = false;
    for (const e of d.querySelectorAll("body *")) {
      if (!shown(e) || nfc((e.innerText || "").trim()) !== t) continue;
      const clicks = !!e.closest(clickable);
      if (!best || (clicks && !bestClicks) || (clicks === bestClicks && best.contains(e))) {
        best = e;
        bestClicks = clicks;
      }
    }
    return best;
  };
  // findIn is what the step looks for in d: an element, or d itself for
  // wait_text (the text is shown there).
  const findIn = (d) => {
    switch (a.action) {
    case "click_text": return byText(target, d);
    case "wait_text": return d.body && nfc(d.body.innerText).includes(target) ? d : null;
    }
    // Like a user, a step only sees elements that are shown (a hidden
    // field is not there yet, even when the DOM has it).
    for (const e of d.querySelectorAll(a.target)) if (shown(e)) return e;
    return null;
  };
  // findNear looks into this window's document and its same-origin
  // frames: hit is what the step acts on at once; fallback, for
  // click_text, an element with the text that is not clickable (a
  // heading), which the step takes only when no clickable one is anywhere,
  // in a cross-origin frame either.
  const findNear = () => {
    let fallback = null;
    for (const d of docs()) {
      const e = findIn(d);
      if (e && (a.action !== "click_text" || e.closest(clickable))) return { hit: e, fallback: null };
      if (e && !fallback) fallback = e;
    }
    return { hit: null, fallback };
  };
  const missing = () => {
    const s = Math.round(a.stepTimeout / 100) / 10 + " s";
    switch (a.action) {
    case "click_text": return "no visible element with the text " + JSON.stringify(a.target) + " within " + s;
    case "wait_text": return "the text " + JSON.stringify(a.target) + " did not appear within " + s;
    case "wait_url": return "the URL did not come to contain " + JSON.stringify(a.target) + " within " + s + " (it is " + location.href + ")";
    }
    let hidden = 0;
    for (const d of docs()) hidden += d.querySelectorAll(a.target).length;
    return "no visible element matches the selector " + JSON.stringify(a.target) + " within " + s + (hidden ? " (" + hidden + " hidden)" : "");
  };
  const add = (list, v) => {
    v = (v || "").trim().replace(/\s+/g, " ");
    if (v && v.length <= 80 && list.length < 300 && !list.includes(v)) list.push(v);
  };
  // seenNear is what this window's document and its same-origin frames
  // show that a missed step may have meant: the texts of buttons and links,
  // tabs, menu items and summaries (click_text; the texts of field labels,
  // which a click also finds, apart in labels), lines of text (wait_text),
  // the ids or classes of shown elements (a selector of #id or .class); and
  // for fill and choose the fields a step could fill or choose in.
  const seenNear = () => {
    const near = [], fields = [], labels = [], status = [];
    const sel = (e) => e.id ? "#" + CSS.escape(e.id) : e.name ? e.localName + "[name=" + JSON.stringify(e.name) + "]" : "";
    try {
      for (const d of docs()) {
        // What the page says of its state: a spinner or progress bar, a
        // status or an alert line ("Loading plans…", "Payment failed"): a
        // step whose element never came often waited behind one.
        for (const e of d.querySelectorAll(busyish)) {
          if (shown(e)) add(status, e.innerText || e.getAttribute("aria-valuetext") || e.getAttribute("aria-label") || (e.localName === "progress" || e.getAttribute("role") === "progressbar" ? "(a progress bar)" : ""));
        }
        switch (a.action) {
        case "wait_url":
          continue; // a URL has no element to be near: only the status
        case "click_text":
          for (const e of d.querySelectorAll(clickable)) {
            if (e.localName === "label") continue; // apart, in labels
            if (shown(e)) add(near, e.innerText || e.value);
          }
          for (const e of d.querySelectorAll("label")) {
            if (shown(e)) add(labels, e.innerText);
          }
          continue;
        case "wait_text":
          for (const line of (d.body ? d.body.innerText : "").split("\n")) add(near, line);
          continue;
        }
        const t = a.target.trim();
        for (const e of d.querySelectorAll("body *")) {
          if (!shown(e)) continue;
          if (t[0] === "#" && e.id) add(near, "#" + CSS.escape(e.id));
          if (t[0] === ".") for (const c of e.classList) add(near, "." + CSS.escape(c));
          if (a.action === "fill" && (e.localName === "textarea" || (e.localName === "input" && !/^(hidden|checkbox|radio|submit|button|reset|image|file|range|color)$/.test(e.type)))) add(fields, sel(e));
          if (a.action === "choose" && e.localName === "select") add(fields, sel(e));
        }
      }
    } catch (err) {
      // A page that broke the DOM's functions: no hint.
    }
    return { near, fields, labels, status };
  };
  // events fires input and change as typing and choosing do, with the
  // Event of the element's own window (a frame's, when it is in one).
  const events = (e) => {
    const E = (e.ownerDocument && e.ownerDocument.defaultView || window).Event;
    e.dispatchEvent(new E("input", { bubbles: true }));
    e.dispatchEvent(new E("change", { bubbles: true }));
  };
  // lateWork says whether what the step just did to e started work of the
  // page's (a timer, a fetch) that is still under way, in e's window.
  const lateWork = (e) => {
    const win = e.ownerDocument && e.ownerDocument.defaultView;
    return !!(agent && agent.busy && win && agent.busy(win));
  };
  // act acts on e as the step says and returns its answer, with where it
  // acted (the same-origin frame, "" for this window's document). It acts
  // at once, in the task that found e: a step's act must be done before
  // the next step's script runs (an act left for a later task lost the
  // race to the next step's click, which posted a form before its field
  // was filled). An act that makes the page navigate may lose the answer;
  // the host then counts the step as done when it saw the navigation
  // start, rather than running it again.
  const act = (e) => {
    if (e.nodeType === 9) return { ok: true, detail: "the text is shown", where: where.get(e) || "" };
    const w = where.get(e.ownerDocument) || "";
    switch (a.action) {
    case "click": case "click_text": {
      if (e.disabled) return { ok: false, error: describe(e) + " is disabled", where: w };
      const detail = "clicked " + describe(e);
      e.scrollIntoView({ block: "center" });
      e.click();
      // A checkbox or radio button says what the click left it as (a page
      // may refuse the change). late: the click started work of the
      // page's that may navigate later (the host waits for it).
      if (toggles(e)) return { ok: true, detail: detail + (e.checked ? " (now checked)" : " (now unchecked)"), where: w, late: lateWork(e) };
      return { ok: true, detail, where: w, late: lateWork(e) };
    }
    case "fill":
      if (!("value" in e) || e.tagName === "SELECT") return { ok: false, error: describe(e) + " is no text field", where: w };
      {
        // fieldType says what the field is ("password", "email",
        // "textarea") at the moment of the fill, before the focus and the
        // typing: a page may switch a password field to type=text on
        // focus or on input (a "show password" trick), which must not
        // unmask the value. A field that was a password field before or
        // after is one.
        const typeOf = () => e.localName === "input" ? String(e.type || "text") : e.localName;
        const before = typeOf();
        e.focus();
        e.value = a.value;
        events(e);
        const after = typeOf();
        const fieldType = before === "password" || after === "password" ? "password" : before;
        // A password field's value, or one the host keeps secret
        // (a.secret: value_env), is never told: "••••" stands for it.
        const hidden = a.secret || fieldType === "password";
        return { ok: true, detail: "filled " + describe(e, hidden ? "••••" : a.value), where: w, fieldType };
      }
    case "choose": {
      if (e.tagName !== "SELECT") return { ok: false, error: describe(e) + " is no <select>", where: w };
      const opts = Array.from(e.options);
      const want = nfc(a.value);
      const o = opts.find((o) => o.value === a.value) || opts.find((o) => nfc(o.label.trim()) === want || nfc(o.text.trim()) === want);
      if (!o) return { ok: false, error: "no option " + JSON.stringify(a.value) + " in " + describe(e) + "; its options: " + opts.map((o) => JSON.stringify(o.value)).join(", "), where: w };
      e.value = o.value;
      events(e);
      return { ok: true, detail: "chose " + JSON.stringify(o.value) + " in " + describe(e, o.value), where: w, late: lateWork(e) };
    }
    }
    return { ok: true, detail: describe(e), where: w };
  };
  // inFar is a cross-origin frame's answer as this window tells it: where
  // the frame is, with its address, before where in it the step acted.
  const inFar = (f, ans) => {
    const name = farName(f) + (ans.url ? " (" + ans.url + ")" : "");
    return Object.assign({}, ans, { where: name + (ans.where ? " › " + ans.where : "") });
  };
  // childBy is when a cross-origin frame asked now must have acted: a
  // frame gets at most agent.frameWait, and no later than by less
  // agent.grace, so that its answer reaches this window before by's
  // asker stops waiting for it (at by plus agent.grace). 0: no time left.
  const childBy = (by) => {
    const t = Math.min(Date.now() + agent.frameWait, by - agent.grace);
    return t > Date.now() ? t : 0;
  };
  // attempt looks for the step's element once and acts on it, by by (a
  // time in ms): in this window's document and its same-origin frames
  // first; else in its shown cross-origin frames, in document order, one
  // at a time, each asked through the frame agent to find and act once
  // (the first that acts ends it, so that only one frame ever acts); a
  // frame that does not answer by its time (no agent yet: loading)
  // counts as not having it. strict: act only on a clickable element (a
  // click_text whose caller has a non-clickable one). null when nothing
  // was found, or by has passed.
  const attempt = async (strict, by) => {
    if (Date.now() >= by) return null;
    const first = findNear();
    if (first.hit) return act(first.hit);
    if (agent) {
      for (const f of far.slice()) {
        const t = childBy(by);
        if (!t) break;
        const ans = await agent.ask(f.contentWindow, { op: "act", a, strict: strict || !!first.fallback }, t);
        if (ans && ans.found) return inFar(f, ans);
      }
    }
    if (strict || !first.fallback || Date.now() >= by) return null;
    // Found again, in this task: the frames' answers took time.
    const again = findNear();
    return again.hit || again.fallback ? act(again.hit || again.fallback) : null;
  };
  // seen is seenNear with what this window's shown cross-origin frames
  // show, each asked by by in document order; frames lists those that did
  // not answer (and, through the frames that did, theirs).
  const seen = async (by) => {
    const s = seenNear();
    s.frames = [];
    for (const f of far.slice()) {
      const t = agent ? childBy(by) : 0;
      const ans = t ? await agent.ask(f.contentWindow, { op: "seen", a }, t) : null;
      if (!ans) {
        if (s.frames.length < 300) s.frames.push(farText(f));
        continue;
      }
      for (const k of ["near", "fields", "labels", "status"]) for (const v of ans[k] || []) add(s[k], v);
      for (const v of ans.frames || []) if (s.frames.length < 300) s.frames.push(farName(f) + " › " + v);
    }
    return s;
  };
  // url is the answer of a wait_url step whose URL came, else null.
  const url = () => location.href.includes(a.target) ? { ok: true, detail: location.href, where: "" } : null;
  return { sleep, attempt, seen, missing, url, here };
};
