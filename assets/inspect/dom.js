// mpsim DOM helpers, prepended to the bodies of probe.js and resize.js (async
// functions run in the isolated world "mpsim-audit"): a short CSS selector of
// an element, and the outermost elements sticking out of the viewport on the
// right. They read the DOM and change nothing.
const MAX = 20; // inspect.MaxProbeItems
const selector = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
    let s = e.localName;
    if (e.id) { parts.unshift(s + '#' + e.id); break; }
    const cls = (e.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
    if (cls.length) s += '.' + cls.join('.');
    const p = e.parentElement;
    if (p) {
      const same = Array.prototype.filter.call(p.children, (c) => c.localName === e.localName);
      if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(e) + 1) + ')';
    }
    parts.unshift(s);
  }
  return parts.join(' > ');
};
// overflowing lists the outermost elements whose right edge is beyond vw
// (at most MAX): selector, width and right edge.
const overflowing = (vw) => {
  const seen = [], out = [];
  if (!document.body) return out;
  for (const el of document.body.querySelectorAll('*')) {
    if (seen.length >= MAX) break;
    const r = el.getBoundingClientRect();
    if (r.right + scrollX <= vw + 0.5 || seen.some((p) => p.contains(el))) continue;
    seen.push(el);
    out.push(selector(el) + ' (' + Math.round(r.width) + ' px wide, right edge at ' + Math.round(r.right + scrollX) + ' px)');
  }
  return out;
};
