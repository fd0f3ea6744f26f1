package window

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync/atomic"

	"mpsim/app/internal/window/webkit"
)

// shotWriter writes the snapshots of one session as PNG files
// (encodeShotPNG): straight from cairo's memory, one row at a time, with
// zlib's fastest level, into the file. A snapshot's pixels used to be
// converted into an image first (1.9 MB for 800x600, beside cairo's own
// 1.9) and the PNG built in a buffer before it was written: at a
// screenshot, about 4 MB more of the window process's memory (issue 15:
// the PSS of the tree, which the harness samples while the first load's
// screenshot is being taken). Cairo's own memory is WebKit's read-only
// shared memory, so it is read, never written. Use it on one goroutine
// (the GTK thread).
type shotWriter struct {
	// releasing is set while a release of free memory runs (release).
	releasing atomic.Bool
}

func newShotWriter() *shotWriter {
	return &shotWriter{}
}

// write writes px to path as a PNG.
func (w *shotWriter) write(px webkit.Pixels, path string) error {
	if err := checkPixels(px); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("writing the PNG: %w", err)
	}
	err = encodeShotPNG(f, px)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// A full disk leaves the file cut short (or empty): remove it, so
		// no broken PNG is taken for a picture (crowd QA).
		_ = os.Remove(path)
		return fmt.Errorf("writing the PNG: %w", err)
	}
	return nil
}

// release gives the Go heap's and the C heap's free memory back to the
// system, on a goroutine of its own so that the GTK thread goes on: a
// snapshot's encoding takes about 1.3 MB of zlib state and the PNG, and
// the page's load before it the C heap's share, which the window process
// would otherwise keep mapped until the session ends (issue 15: the
// tree's PSS). A release that is still running makes the next one a
// no-op. The hand-back's snapshot is the session's last: no release after
// it, which would only take the cores its end needs.
func (w *shotWriter) release() {
	if !w.releasing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer w.releasing.Store(false)
		debug.FreeOSMemory()
		webkit.TrimMalloc()
	}()
}

// checkPixels says what is wrong with a snapshot whose pixels do not fill
// their rows.
func checkPixels(px webkit.Pixels) error {
	if px.Width <= 0 || px.Height <= 0 || px.Stride < 4*px.Width || len(px.Data) < px.Stride*(px.Height-1)+4*px.Width {
		return fmt.Errorf("a %dx%d snapshot with %d bytes in rows of %d", px.Width, px.Height, len(px.Data), px.Stride)
	}
	return nil
}
