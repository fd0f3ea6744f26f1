package window

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"runtime/debug"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"mpsim/app/internal/window/webkit"
)

// shotWriter writes the snapshots of one session as PNG files, with zlib's
// fastest level: about half the time of cairo's PNG writer (level 6), 7
// against 13 ms for an 800x600 portal page here, for a file about a tenth
// larger. Its output buffer serves one snapshot after another. The
// snapshot's pixels are converted into memory mapped for the one snapshot
// and unmapped once it is encoded, and the encoder's zlib state (1.3 MB) is
// garbage after it, which release gives back: kept for the next snapshot,
// the image (1.9 MB for 800x600) and that state stayed resident for the
// whole session (issue 15: the PSS of the tree). Cairo's own memory is
// WebKit's read-only shared memory, so the pixels cannot be converted
// where they are. Use it on one goroutine (the GTK thread).
type shotWriter struct {
	enc png.Encoder
	out bytes.Buffer
	// releasing is set while a release of free memory runs (release).
	releasing atomic.Bool
}

func newShotWriter() *shotWriter {
	return &shotWriter{enc: png.Encoder{CompressionLevel: png.BestSpeed}}
}

// write writes px to path as a PNG.
func (w *shotWriter) write(px webkit.Pixels, path string) error {
	if err := checkPixels(px); err != nil {
		return err
	}
	pix, err := unix.Mmap(-1, 0, 4*px.Width*px.Height, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return fmt.Errorf("memory for a %dx%d snapshot: %w", px.Width, px.Height, err)
	}
	defer func() { _ = unix.Munmap(pix) }()
	w.out.Reset()
	if err := w.enc.Encode(&w.out, shotImage(px, pix)); err != nil {
		return fmt.Errorf("encoding the PNG: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("writing the PNG: %w", err)
	}
	_, err = f.Write(w.out.Bytes())
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

// shotImage converts a snapshot's cairo pixels (native-endian 0xAARRGGBB,
// premultiplied, the top byte unused without px.Alpha; checkPixels) into
// an image.RGBA (premultiplied too: only the byte order changes, and an
// opaque alpha where there is none) whose Pix is pix, of 4×width×height
// bytes.
func shotImage(px webkit.Pixels, pix []byte) *image.RGBA {
	rowLen := 4 * px.Width
	for y := 0; y < px.Height; y++ {
		src := px.Data[y*px.Stride : y*px.Stride+rowLen]
		dst := pix[y*rowLen : (y+1)*rowLen]
		for x := 0; x < rowLen; x += 4 {
			v := binary.NativeEndian.Uint32(src[x:])
			a := uint8(0xff)
			if px.Alpha {
				a = uint8(v >> 24)
			}
			dst[x], dst[x+1], dst[x+2], dst[x+3] = uint8(v>>16), uint8(v>>8), uint8(v), a
		}
	}
	return &image.RGBA{Pix: pix, Stride: rowLen, Rect: image.Rect(0, 0, px.Width, px.Height)}
}
