// mpsim resize measure: the body of an async function run by the portal
// window in the isolated world "mpsim-audit" (dom.js prepended), right after
// it resized its window for the hand-back probe. __PREV_WIDTH__ is replaced
// by the viewport width before the resize. It waits (at most 1 s) for the
// new viewport and for two frames to be laid out, and returns
// inspect.ProbeSize's measures as a JSON string. A page that overflows then
// gets 150 ms more and is measured again, so that a resize handler that
// waits (a debounce) is not taken for a page that does not fit. Nothing here
// changes the page.
const prev = __PREV_WIDTH__;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const frames = () => Promise.race([sleep(100), new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))]);
const start = performance.now();
while (innerWidth === prev && performance.now() - start < 1000) await sleep(10);
await frames();
const measure = () => {
  const out = {viewportWidth: innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing: []};
  if (out.scrollWidth > out.viewportWidth) out.overflowing = overflowing(out.viewportWidth);
  return out;
};
let out = measure();
if (out.scrollWidth > out.viewportWidth) {
  await sleep(150);
  out = measure();
}
return JSON.stringify(out);
