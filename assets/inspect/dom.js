// mpsim DOM helpers, prepended to the bodies of probe.js and resize.js (async
// functions run in the isolated world "mpsim-audit"): a short CSS selector of
// an element, and the outermost elements sticking out of the viewport on the
// right (on the left in a right-to-left page). They read the DOM and
// change nothing.
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
// (at most MAX): selector, width and right edge; in a right-to-left page,
// which overflows to the left, those whose left edge is before 0. Then the
// elements, outside those, whose own text sticks out though their box does
// not (a word too long to wrap, such as a long URL, in a block of the
// viewport's width), the widest first (QA: such a page failed
// usability-frame-size naming no element).
const overflowing = (vw) => {
  const seen = [], out = [];
  if (!document.body) return out;
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  for (const el of document.body.querySelectorAll('*')) {
    if (seen.length >= MAX) break;
    const r = el.getBoundingClientRect();
    const sticks = rtl ? r.left + scrollX < -0.5 : r.right + scrollX > vw + 0.5;
    if (!sticks || seen.some((p) => p.contains(el))) continue;
    seen.push(el);
    out.push(selector(el) + ' (' + Math.round(r.width) + ' px wide, ' +
      (rtl ? 'left edge at ' + Math.round(r.left + scrollX) : 'right edge at ' + Math.round(r.right + scrollX)) + ' px)');
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(), i = 0; n && i < 5000; n = walker.nextNode(), i++) {
    const el = n.parentElement;
    if (!el || !n.data.trim() || seen.some((p) => p.contains(el)) || texts.some((t) => t.el === el)) continue;
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width > 0 && (rtl ? r.left + scrollX < -0.5 : r.right + scrollX > vw + 0.5)) texts.push({el, r});
  }
  texts.sort((a, b) => b.r.width - a.r.width);
  for (const {el, r} of texts) {
    if (out.length >= MAX) break;
    out.push(selector(el) + ' (its text ' + Math.round(r.width) + ' px wide, ' +
      (rtl ? 'left edge at ' + Math.round(r.left + scrollX) : 'right edge at ' + Math.round(r.right + scrollX)) + ' px: text that does not wrap, such as a long URL)');
  }
  return out;
};
