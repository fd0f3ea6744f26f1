// mpsim DOM probe: the body of an async function run by the portal window
// in an isolated JavaScript world ("mpsim-audit"), which shares the page's
// DOM but none of its globals, so the page can neither see nor tamper with
// it. axe-core is loaded into the same world first, and dom.js (selector,
// overflowing) is prepended. It returns the facts of inspect.Probe as a JSON
// string. PROBE_LABEL, the probe's label, is defined before it. Nothing
// here changes the page.
const TEXT_CAP = 4000; // inspect.MaxProbeText
const doc = document;
const out = {
  url: location.href, title: doc.title || '', lang: (doc.documentElement.getAttribute('lang') || '').trim(), hasLang: doc.documentElement.hasAttribute('lang'),
  // The computed CSS direction (ltr or rtl) of the root and of the body.
  dir: getComputedStyle(doc.documentElement).direction || '', bodyDir: doc.body ? getComputedStyle(doc.body).direction || '' : '',
  viewportWidth: innerWidth, viewportHeight: innerHeight,
  scrollWidth: doc.documentElement.scrollWidth, scrollHeight: doc.documentElement.scrollHeight,
  videos: 0, audios: 0, controls: 0, links: 0, autoplay: 0, embeds: 0, media: [], frames: [], scripts: [], images: 0, largeImages: [],
  animations: 0, animated: [], animatedImages: [], overflowing: [], insecureRefs: [], formActions: [], externalLinks: [], textLength: 0, text: [],
  cancel: [], back: [], windowButtons: [], support: [], privacy: [], terms: [], hidden: []
};
const CONTROLS = 'button, a[href], [role=button], input[type=button], input[type=submit], input[type=reset]';
// MIN_OPACITY: an element whose opacity, times its ancestors', is under
// this is as good as transparent.
const MIN_OPACITY = 0.1;
// roots are where the probe looks for controls and text: the page, the
// documents of its same-origin frames (on screen as the page's own) and
// every open shadow root in either (web components); a frame's entry
// names its frame element in the page.
const roots = searchRoots();
const push = (list, v) => { if (list.length < MAX && !list.includes(v)) list.push(v); };
// found counts a control or text of kind key (cancel, back, windowButtons,
// support, privacy, terms) only when a user can see it; one that exists but
// cannot be seen goes to out.hidden with the reason. byText says the
// control's own text matched (not its label), so its colour counts.
const unseenOf = [new Map(), new Map()];
const found = (key, el, what, byText) => {
  const seen = unseenOf[byText ? 1 : 0];
  if (!seen.has(el)) seen.set(el, unseen(el, byText));
  const why = seen.get(el);
  if (!why) {
    push(out[key], what);
  } else if (out.hidden.length < MAX && !out.hidden.some((h) => h.kind === key && h.control === what)) {
    out.hidden.push({kind: key, control: what, why});
  }
};
try {
  doc.querySelectorAll('video, audio').forEach((m) => {
    const auto = m.autoplay || !m.paused;
    if (m.localName === 'video') out.videos++; else out.audios++;
    if (auto) out.autoplay++;
    push(out.media, selector(m) + (auto ? ' (autoplay)' : ''));
  });
  out.embeds = doc.querySelectorAll('embed, object').length;
  out.controls = doc.querySelectorAll('button, input:not([type=hidden]), select, textarea, [role=button]').length;
  out.links = doc.querySelectorAll('a[href]').length;
  doc.querySelectorAll('iframe[src]').forEach((f) => push(out.frames, f.src));
  doc.querySelectorAll('script[src]').forEach((s) => push(out.scripts, s.src));
  // Only the images a user can see count (what counts as on screen): one
  // not rendered (display: none, or inside such an element), hidden,
  // transparent, clipped away or a tracking pixel is in no one's view, and
  // is neither clutter nor a large image (QA: a display: none 1200x900
  // hero failed advertising-none).
  const imgs = Array.from(doc.images).filter((img) => !unseen(img, false));
  out.images = imgs.length;
  for (const img of imgs) {
    const r = img.getBoundingClientRect();
    // Large: more than 400x300 CSS px on both sides, or as much area as
    // that with both sides over 200 (a half-screen banner), or over a
    // million natural pixels.
    if ((r.width > 400 && r.height > 300) || (r.width * r.height > 120000 && r.width > 200 && r.height > 200) ||
      img.naturalWidth * img.naturalHeight > 1e6) {
      if (out.largeImages.length < MAX) {
        out.largeImages.push({selector: selector(img), src: img.currentSrc || img.src, width: Math.round(r.width), height: Math.round(r.height),
          natural: img.naturalWidth + 'x' + img.naturalHeight});
      }
    }
    if (/\.(gif|apng)(\?|#|$)/i.test(img.currentSrc || img.src)) push(out.animatedImages, img.currentSrc || img.src);
  }
  if (doc.getAnimations) {
    const running = doc.getAnimations().filter((a) => a.playState === 'running');
    out.animations = running.length;
    for (const a of running) {
      const t = a.effect && a.effect.target;
      if (t && t.nodeType === 1) push(out.animated, selector(t) + ' (' + (a.animationName || a.id || 'Web Animation') + ')');
    }
  }
  // The elements that stick out of the viewport (the outermost ones), only
  // when the page overflows, so a page that fits pays nothing.
  if (out.scrollWidth > out.viewportWidth) out.overflowing = overflowing(out.viewportWidth);
  doc.querySelectorAll('[src], [href], form[action]').forEach((el) => {
    for (const attr of ['src', 'href', 'action']) {
      const v = el.getAttribute(attr);
      if (v && /^http:/i.test(v.trim())) push(out.insecureRefs, v.trim());
    }
  });
  doc.querySelectorAll('form').forEach((f) => push(out.formActions, f.action));
  doc.querySelectorAll('a[href]').forEach((a) => {
    if (/^https?:$/.test(a.protocol) && a.host !== location.host) push(out.externalLinks, a.href);
  });
  for (const {root} of roots) {
    root.querySelectorAll('a[href]').forEach((a) => {
      if (/^(tel|mailto):/i.test(a.getAttribute('href'))) found('support', a, named(a) + ' → ' + a.getAttribute('href'), false);
    });
  }
  const visible = doc.body ? (doc.body.innerText || '') : '';
  out.textLength = visible.length;
  // A sample of the visible text for the two-language comparison: trimmed
  // lines, each once, TEXT_CAP characters in all.
  let room = TEXT_CAP;
  for (const raw of visible.split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ').slice(0, 200);
    if (!line || out.text.includes(line)) continue;
    if (line.length > room) break;
    out.text.push(line);
    room -= line.length;
  }
  // The words of each kind. Words in a Latin or Cyrillic script count as
  // whole words ("Supported devices" is no support link, "Helpful tips" no
  // help); the German ones also as the start of a compound (Kontaktformular,
  // Datenschutzerklärung); words in scripts without spaces anywhere.
  // wordsExcept are phrases that contain a word but mean something else
  // (contactless payment). app/internal/audit's probeWordLangs follows the
  // languages here.
  const words = {
    // Cancel and Back: the control's text begins with the word, as a whole
    // word ("Cancel purchase", "Back to plans", "← Back"; not "Cancellation
    // policy" nor "Backup"); in scripts without spaces, with the word.
    cancel: /^(?:(?:cancel|annuler|abbrechen|cancelar|annulla|annuleren|avbryt|afbryd|peruuta|anuluj|zrušit|mégse|отмена|отменить|скасувати|iptal|İptal|İPTAL|ακύρωση|إلغاء|الغاء|ביטול)(?:$|[^\p{L}])|キャンセル|取消|취소)/iu,
    back: /^[\s←‹<❮«]*(?:(?:back|go back|zurück|retour|précédent|atrás|volver|indietro|terug|tilbake|tillbaka|voltar|назад|geri|πίσω|رجوع|العودة|חזרה)(?:$|[^\p{L}])|戻る|返回|뒤로)|^[←‹<❮]$/iu,
    // Window chrome: a control whose visible text is one of these symbols
    // (windowSymbols), or whose text (label, when it shows none) is one of
    // these words and that sits at a top corner of the page (windowCorner);
    // never one in a dialog, whose Close is the dialog's.
    windowButtons: /^(close|minimi[sz]e|maximi[sz]e|schließen|fermer|cerrar|chiudi)$/iu,
    support: /(?:^|[^\p{L}])(?:support|contact|customer service|customer care|help|service client|service clients|kundenservice|kundendienst|assistance|ayuda|soporte|atención al cliente|assistenza|aiuto|ajuda|suporte|aide)(?:$|[^\p{L}])|(?:^|[^\p{L}])(?:kontakt|hilfe)|サポート|ヘルプ|客服|帮助|고객센터|도움말|خدمة العملاء|الدعم|مساعدة|اتصل بنا|תמיכה|שירות לקוחות|צור קשר/iu,
    privacy: /(?:^|[^\p{L}])(?:privacy|confidentialité|vie privée|privacidad|privacidade|riservatezza|privacybeleid)(?:$|[^\p{L}])|(?:^|[^\p{L}])datenschutz|プライバシー|隐私|隱私|개인정보|الخصوصية|פרטיות/iu,
    terms: /(?:^|[^\p{L}])(?:terms|conditions|agb|cgv|cgu|conditions générales|términos|condiciones|termini|condizioni|voorwaarden|termos)(?:$|[^\p{L}])|(?:^|[^\p{L}])(?:nutzungsbedingungen|geschäftsbedingungen)|利用規約|条款|條款|약관|الشروط|الأحكام|תנאי/iu
  };
  const windowSymbols = /^(×|✕|✖|_|□|🗕|🗖|🗗)$/u;
  const wordsExcept = /contact[- ]?less|contact[- ]free|kontaktlos|back to (?:the )?top|zurück nach oben|retour en haut|cancel (?:my |your |the )?(?:plan|subscription|(?:pending )?download)/giu;
  const says = (key, s) => !!s && words[key].test(s.replace(wordsExcept, ' '));
  for (const {root} of roots) {
    root.querySelectorAll(CONTROLS).forEach((el) => {
      // A control's text as rendered, else its DOM text (a control that is
      // not rendered, or visibility: hidden, renders none, and is named
      // with why it does not count); its label: aria-label, title, or the
      // alt text of its images (a linked image is named by its alt).
      const text = ((el.innerText || el.value || el.textContent || '') + '').trim().replace(/\s+/g, ' ');
      const alt = Array.from(el.querySelectorAll('img[alt]'), (i) => i.alt.trim()).filter(Boolean).join(' ');
      const label = ((el.getAttribute('aria-label') || el.getAttribute('title') || alt || '') + '').trim();
      for (const key of ['cancel', 'back', 'support', 'privacy', 'terms']) {
        const byText = says(key, text);
        if (byText || says(key, label)) found(key, el, named(el) + ' "' + (byText ? text : label).slice(0, 40) + '"', byText);
      }
      // Window chrome is what the user sees: the label counts only for a
      // control that shows no text (an icon), so aria-label="Close" on an
      // OK button is no close button; and it is quoted as shown.
      const shown = text || label;
      if (!el.closest('dialog, [role=dialog], [role=alertdialog], [aria-modal=true]') &&
        (windowSymbols.test(text) || (says('windowButtons', shown) && windowCorner(el)))) {
        found('windowButtons', el, named(el) + ' "' + shown.slice(0, 40) + '"', !!text);
      }
    });
  }
  // Support, privacy and terms the page names in its text rather than in a
  // control ("Support: call 555 0100"): the first text of each a user can
  // see, else the ones found hidden.
  const texts = textNodes(5000);
  for (const key of ['support', 'privacy', 'terms']) {
    if (out[key].length) continue;
    for (const t of texts) {
      if (!says(key, t.data)) continue;
      found(key, t.parentElement, 'text "' + t.data.trim().replace(/\s+/g, ' ').slice(0, 40) + '"', true);
      if (out[key].length) break;
    }
  }
} catch (e) {
  out.error = 'probe: ' + e;
}
if (typeof axe !== 'undefined') {
  // axe-core runs one at a time in a document (a second axe.run while one is
  // under way fails: the first paint's probe and the hand-back's can overlap),
  // and the next probe of the same document reuses its result when nothing
  // that could change it happened since (see axeWatch and axeKey).
  const s = globalThis.mpsimAxe || (globalThis.mpsimAxe = axeWatch());
  const run = s.queue.then(() => axeResult(s));
  s.queue = run.catch(() => {});
  try {
    out.accessibility = Object.assign({}, await run, {loads: globalThis.mpsimAxeLoads || 0});
  } catch (e) {
    out.error = (out.error ? out.error + '; ' : '') + 'axe: ' + e;
  }
}
return JSON.stringify(out);

// windowCorner reports whether el sits at a top corner of its page, where
// a window's own close, minimise and maximise buttons are: its box starts
// within 80 px of the page's top and within 120 px of its left or right
// side.
function windowCorner(el) {
  const w = el.ownerDocument.defaultView;
  if (!w) return false;
  const r = el.getBoundingClientRect();
  return r.top + w.scrollY < 80 && (r.left < 120 || r.right > w.innerWidth - 120);
}

// textNodes returns the first max non-blank text nodes of the body that are
// text a page shows (not in a script, style, template or noscript).
function textNodes(max) {
  const list = [];
  for (const {root} of roots) {
    const top = root.nodeType === 9 ? root.body : root;
    if (!top) continue;
    const walker = (root.nodeType === 9 ? root : root.ownerDocument).createTreeWalker(top, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && list.length < max; n = walker.nextNode()) {
      const p = n.parentElement;
      // A control's text was looked at with the control.
      if (p && !/^(script|style|template|noscript|textarea)$/.test(p.localName) && n.data.trim() && !p.closest(CONTROLS)) list.push(n);
    }
  }
  return list;
}

// searchRoots lists the page, the documents of its same-origin frames and
// the open shadow roots in them (at most 200), each with the frame element
// of the page it is in (null for the page's own).
function searchRoots() {
  const list = [];
  const add = (root, frame) => {
    if (list.length >= 200) return;
    list.push({root, frame});
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) add(el.shadowRoot, frame);
      if (el.localName !== 'iframe' && el.localName !== 'frame') continue;
      let d = null;
      try {
        d = el.contentDocument; // null for another origin's frame
      } catch (e) {
        d = null;
      }
      if (d && d.documentElement) add(d, frame || el);
    }
  };
  add(doc, null);
  return list;
}

// named is el's selector, after its shadow hosts' and its frame's
// ("iframe#help › a#support"), so that one in a web component or a frame
// can be found.
function named(el) {
  const host = el.getRootNode && el.getRootNode().host;
  if (host) return named(host) + ' › ' + selector(el);
  const frame = el.ownerDocument !== doc && el.ownerDocument.defaultView && el.ownerDocument.defaultView.frameElement;
  return frame ? named(frame) + ' › ' + selector(el) : selector(el);
}

// parentOf is el's parent in the flat tree: its slot, its parent, or the
// host of the shadow root it is the child of.
function parentOf(el) {
  if (el.assignedSlot) return el.assignedSlot;
  if (el.parentElement) return el.parentElement;
  const p = el.parentNode;
  return p && p.host ? p.host : null;
}

// unseen says why a user cannot see el, or '' when they can: not rendered
// (in a closed <details>, say so), visibility hidden, smaller than MIN_PX,
// off the page's scrollable area (at negative coordinates on the side no
// scrolling reaches, or beyond its scroll size), fixed outside the
// viewport, under an ancestor of opacity 0 (or of all of them together
// under MIN_OPACITY), clipped away by an ancestor (overflow hidden or clip,
// or a tiny scroll box), its text moved off the page (text-indent:
// -9999px), or, when byText, text of (almost) its background's colour or
// under MIN_PX high. An element of a frame must also be seen in the frame,
// and the frame in the page. It reads styles and boxes and changes nothing.
function unseen(el, byText) {
  const MIN_PX = 4;
  const w = el && el.ownerDocument.defaultView;
  if (!el || !w) return 'not rendered';
  const closed = el.closest('details:not([open])');
  if (closed && !(el.closest('summary') && el.closest('summary').parentElement === closed)) return 'in the closed ' + selector(closed);
  if (!el.getClientRects().length) return 'not rendered';
  // Content a browser skips (content-visibility: hidden) has boxes but no
  // pixels.
  if (el.checkVisibility && !el.checkVisibility()) return 'not rendered (content-visibility)';
  const st = w.getComputedStyle(el);
  if (st.visibility !== 'visible') return 'visibility: ' + st.visibility;
  const r = el.getBoundingClientRect();
  if (r.width < MIN_PX || r.height < MIN_PX) return 'only ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' px';
  if (offPage(r, w)) return 'off-screen at x=' + Math.round(r.left + w.scrollX) + ', y=' + Math.round(r.top + w.scrollY);
  if (fixedOut(el, r, w)) return 'fixed outside the viewport at x=' + Math.round(r.left) + ', y=' + Math.round(r.top) + ', where no scrolling brings it';
  const why = hiddenByAncestor(el, r, st, MIN_PX, w) || textMoved(el, r, st, w);
  if (why) return why;
  if (w !== window && w.frameElement) {
    const frame = unseen(w.frameElement, false);
    if (frame) return 'in ' + selector(w.frameElement) + ', ' + frame;
  }
  if (!byText) return '';
  if (parseFloat(st.fontSize) < MIN_PX) return 'text ' + st.fontSize + ' high';
  return unreadable(el, st, w);
}

// offPage reports whether box r (viewport coordinates of window w) lies
// wholly where no scrolling reaches: before the page's origin (left of it,
// or right of it in a right-to-left page, which scrolls to the left) or
// above it, or beyond its scroll size; on an axis the page does not scroll
// (overflow hidden or clip on the root or the body), beyond the viewport.
function offPage(r, w) {
  const d = w.document, root = d.documentElement, rs = w.getComputedStyle(root), bs = d.body ? w.getComputedStyle(d.body) : rs;
  const fixed = (a, b) => /^(hidden|clip)$/.test(a) || /^(hidden|clip)$/.test(b);
  const width = fixed(rs.overflowX, bs.overflowX) ? w.innerWidth : root.scrollWidth;
  const bottom = fixed(rs.overflowY, bs.overflowY) ? w.innerHeight : root.scrollHeight - w.scrollY;
  const x = r.left + w.scrollX, right = r.right + w.scrollX;
  const sideways = rs.direction === 'rtl' ? right <= w.innerWidth - width || x >= w.innerWidth : right <= 0 || x >= width;
  return sideways || r.bottom + w.scrollY <= 0 || r.top >= bottom;
}

// fixedOut reports whether el (box r) is, or is inside, a position: fixed
// element and lies wholly outside the viewport: it moves with the
// viewport, so no scrolling brings it into view.
function fixedOut(el, r, w) {
  if (r.right > 0 && r.bottom > 0 && r.left < w.innerWidth && r.top < w.innerHeight) return false;
  for (let a = el; a; a = parentOf(a)) {
    if (w.getComputedStyle(a).position === 'fixed') return true;
  }
  return false;
}

// hiddenByAncestor says which ancestor hides el (box r, style st), if any:
// opacity 0 anywhere above, all opacities together under MIN_OPACITY, or
// clipping by the ancestors that clip el (an absolutely positioned element
// is clipped only by positioned ancestors, a fixed one by none).
function hiddenByAncestor(el, r, st, minPx, w) {
  if (parseFloat(st.opacity) === 0) return 'opacity 0';
  let opacity = parseFloat(st.opacity);
  let clips = st.position === 'fixed' ? 'none' : st.position === 'absolute' ? 'positioned' : 'any';
  for (let a = parentOf(el); a; a = parentOf(a)) {
    const s = w.getComputedStyle(a);
    if (parseFloat(s.opacity) === 0) return 'inside ' + selector(a) + ', of opacity 0';
    opacity *= parseFloat(s.opacity);
    if (a === w.document.body || a === w.document.documentElement || a.localName === 'slot' || clips === 'none' || (clips === 'positioned' && s.position === 'static')) continue;
    const why = clippedBy(a, s, r, minPx, w);
    if (why) return why;
    clips = s.position === 'fixed' ? 'none' : s.position === 'absolute' ? 'positioned' : 'any';
  }
  if (opacity < MIN_OPACITY) return 'nearly transparent (opacity ' + +opacity.toFixed(3) + (opacity === parseFloat(st.opacity) ? '' : ', with its ancestors\u2019') + ')';
  return '';
}

// textMoved says whether el's own text (style st) is drawn where no one
// sees it although its box is on screen: moved off the page by a
// text-indent (-9999px, the old image-replacement trick; visually hidden
// text beside an icon is not moved so, and stays counted) or out of el's
// box when el clips it. With a background image
// the image may show the words (image replacement): ''.
function textMoved(el, r, st, w) {
  if (!el.firstChild || !(el.textContent || '').trim() || (st.backgroundImage && st.backgroundImage !== 'none')) return '';
  const indented = parseFloat(st.textIndent) !== 0;
  const range = w.document.createRange();
  range.selectNodeContents(el);
  const t = range.getBoundingClientRect();
  if (t.width === 0 && t.height === 0) return '';
  const where = ' at x=' + Math.round(t.left + w.scrollX) + ', y=' + Math.round(t.top + w.scrollY);
  if (indented && offPage(t, w)) return 'its text is off-screen' + where + ' (text-indent ' + st.textIndent + ')';
  const clip = /^(hidden|clip)$/;
  if ((clip.test(st.overflowX) && (t.right <= r.left || t.left >= r.right)) || (clip.test(st.overflowY) && (t.bottom <= r.top || t.top >= r.bottom))) {
    return 'its text is outside its box, which clips it' + where;
  }
  return '';
}

// clippedBy says whether ancestor a (style s) clips box r away: overflow
// hidden or clip leaving under minPx of it, a scroll box under minPx (too
// small to scroll in), clip: rect() or clip-path: inset(50%).
function clippedBy(a, s, r, minPx, w) {
  const ar = a.getBoundingClientRect();
  const cut = (overflow, lo, hi, alo, ahi, size) => {
    if (overflow === 'visible') return false;
    if (overflow === 'hidden' || overflow === 'clip') return Math.min(hi, ahi) - Math.max(lo, alo) < minPx;
    return size < minPx;
  };
  if (cut(s.overflowX, r.left, r.right, ar.left, ar.right, ar.width) || cut(s.overflowY, r.top, r.bottom, ar.top, ar.bottom, ar.height)) {
    return 'clipped away by ' + selector(a) + ' (' + Math.round(ar.width) + 'x' + Math.round(ar.height) + ' px at x=' +
      Math.round(ar.left + w.scrollX) + ', overflow ' + s.overflowX + ')';
  }
  const rect = /^rect\(\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px\s*\)$/.exec(s.clip || '');
  if (rect && (s.position === 'absolute' || s.position === 'fixed') && (rect[2] - rect[4] < minPx || rect[3] - rect[1] < minPx)) {
    return 'clipped away by ' + selector(a) + ' (clip: ' + s.clip + ')';
  }
  if (/^inset\(\s*(50|100)%/.test(s.clipPath || '')) return 'clipped away by ' + selector(a) + ' (clip-path: ' + s.clipPath + ')';
  return '';
}

// unreadable says whether el's text (style st) is invisible against its
// background: transparent, or of (almost) the same colour as the first
// background colour behind it (white when none). A background image makes
// it unknown: ''.
function unreadable(el, st, w) {
  const fg = rgba(st.color);
  if (!fg) return '';
  if (fg[3] === 0) return 'transparent text';
  let bg = [255, 255, 255, 1];
  for (let a = el; a; a = parentOf(a)) {
    const s = a === el ? st : w.getComputedStyle(a);
    if (s.backgroundImage && s.backgroundImage !== 'none') return '';
    const c = rgba(s.backgroundColor);
    if (!c) return '';
    if (c[3] > 0) {
      bg = c;
      break;
    }
  }
  if (contrast(fg, bg) < 1.2) return 'text coloured ' + st.color + ' on a background of ' + 'rgb(' + bg.slice(0, 3).join(', ') + ')';
  return '';
}

// rgba parses a computed colour ("rgb(r, g, b)" or "rgba(r, g, b, a)");
// null for any other form.
function rgba(c) {
  const m = /^rgba?\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\s*\)$/.exec(c || '');
  return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
}

// contrast is the WCAG contrast ratio of two colours (1 to 21).
function contrast(a, b) {
  const lum = (c) => {
    const l = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  };
  const la = lum(a), lb = lum(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// axeWatch starts watching the document for what can change axe-core's
// result without changing the values axeKey compares: any DOM mutation, and
// input, focus, pointer, scroll, media, load, font and animation events. It
// lives in this isolated world, so the page does not see it.
function axeWatch() {
  const s = {queue: Promise.resolve(), last: null, dirty: true};
  const mark = () => { s.dirty = true; };
  s.observer = new MutationObserver(mark);
  s.observer.observe(doc, {subtree: true, childList: true, attributes: true, characterData: true});
  for (const type of ['input', 'change', 'focusin', 'focusout', 'pointerover', 'pointerout', 'pointerdown', 'pointerup',
    'keydown', 'keyup', 'scroll', 'load', 'error', 'play', 'pause', 'toggle', 'transitionrun', 'animationstart']) {
    addEventListener(type, mark, true);
    doc.addEventListener(type, mark, true); // a node's load and error go no further than the document
  }
  addEventListener('resize', mark, true);
  if (doc.fonts) doc.fonts.addEventListener('loadingdone', mark);
  return s;
}

// axeKey sums up the state axe-core's result depends on besides the DOM:
// the viewport, scroll position, focus, style sheets (rules changed through
// the CSSOM change no node), fonts and running animations. null means do not
// reuse: a page with open shadow roots (their mutations are not watched).
function axeKey() {
  for (const el of doc.querySelectorAll('*')) {
    if (el.shadowRoot) return null;
  }
  let css = '';
  for (const sheet of [...doc.styleSheets, ...(doc.adoptedStyleSheets || [])]) {
    css += '|' + (sheet.href || '') + (sheet.disabled ? ' disabled ' : ' ') + (sheet.media ? sheet.media.mediaText : '');
    try {
      for (const rule of sheet.cssRules) css += rule.cssText;
    } catch (e) {
      // Another origin's sheet: the page cannot change its rules either.
    }
  }
  let hash = 2166136261;
  for (let i = 0; i < css.length; i++) hash = Math.imul(hash ^ css.charCodeAt(i), 16777619);
  const running = doc.getAnimations ? doc.getAnimations().filter((a) => a.playState === 'running').length : 0;
  return [innerWidth, innerHeight, devicePixelRatio, scrollX, scrollY, doc.activeElement ? selector(doc.activeElement) : '',
    doc.fonts ? doc.fonts.status : '', running, css.length, hash >>> 0].join(' ');
}

// axeResult runs axe-core, or returns the last run's result marked with the
// label of the probe it ran for when the page has not changed since.
async function axeResult(s) {
  const key = axeKey();
  const changed = s.dirty || s.observer.takeRecords().length > 0;
  if (s.last && !changed && key !== null && key === s.last.key) {
    return Object.assign({}, s.last.result, {reusedFrom: s.last.label});
  }
  s.dirty = false;
  const r = await axe.run(doc, {resultTypes: ['violations'], iframes: false, elementRef: false});
  const result = {
    version: axe.version || '', passes: (r.passes || []).length, incomplete: (r.incomplete || []).length,
    violations: r.violations.slice(0, 50).map((v) => ({id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => (n.target || []).join(' '))}))
  };
  s.last = {key, result, label: PROBE_LABEL};
  return result;
}
