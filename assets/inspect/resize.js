// mpsim resize measure: the body of an async function run by the portal
// window in the isolated world "mpsim-audit" (dom.js prepended), right after
// it resized its window for the hand-back probe. __PREV_WIDTH__ is replaced
// by the viewport width before the resize. It waits (at most 1 s) for the
// new viewport, then for the page's resize handlers and one frame, and
// returns inspect.ProbeSize's measures as a JSON string. A page that
// overflows then gets 150 ms more and is measured again, so that a resize
// handler that waits (a debounce, or a frame of its own) is not taken for a
// page that does not fit. Nothing here changes the page.
//
// The resize event is dispatched in the rendering update that follows the
// new size, before that update's animation frame callbacks: the frame asked
// for from the event's listener is the same update's, after every resize
// handler has run. Reading scrollWidth then lays the page out at the new
// size. (Two frames, as before, added about 17 ms per size to every
// session's hand-back for nothing that one does not see.)
const prev = __PREV_WIDTH__;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const frame = () => Promise.race([sleep(100), new Promise((done) => requestAnimationFrame(done))]);
const resized = () => new Promise((done) => {
  const timer = setTimeout(done, 50);
  addEventListener('resize', () => { clearTimeout(timer); done(); }, {once: true});
});
const start = performance.now();
while (innerWidth === prev && performance.now() - start < 1000) await resized();
await frame();
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
