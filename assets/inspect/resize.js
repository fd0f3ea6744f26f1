// mpsim resize measure: the body of an async function run by the portal
// window in the isolated world "mpsim-audit" (dom.js prepended), right after
// it resized its window for the hand-back probe. __PREV_WIDTH__ is replaced
// by the viewport width before the resize. It waits (at most 1 s) for the
// new viewport, lets the layout settle, and returns inspect.ProbeSize's
// measures as a JSON string. Nothing here changes the page.
const prev = __PREV_WIDTH__;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const start = performance.now();
while (innerWidth === prev && performance.now() - start < 1000) await sleep(25);
await sleep(100);
const out = {viewportWidth: innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing: []};
if (out.scrollWidth > out.viewportWidth) out.overflowing = overflowing(out.viewportWidth);
return JSON.stringify(out);
