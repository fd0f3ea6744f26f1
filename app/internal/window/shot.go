package window

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"

	"mpsim/app/internal/window/webkit"
)

// shotWriter writes the snapshots of one session as PNG files, with zlib's
// fastest level: about half the time of cairo's PNG writer (level 6), 7
// against 13 ms for an 800x600 portal page here, for a file about a tenth
// larger. Its image, its encoder's buffers and its output buffer serve one
// snapshot after another: made for each, they came to some 4 MB an 800x600
// snapshot that the window process's heap then kept (issue 15: the PSS of
// the tree). Use it on one goroutine (the GTK thread).
type shotWriter struct {
	img *image.NRGBA
	enc png.Encoder
	out bytes.Buffer
}

func newShotWriter() *shotWriter {
	return &shotWriter{enc: png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &keptBuffer{}}}
}

// keptBuffer is a png.EncoderBufferPool of one buffer.
type keptBuffer struct{ b *png.EncoderBuffer }

func (k *keptBuffer) Get() *png.EncoderBuffer { return k.b }

func (k *keptBuffer) Put(b *png.EncoderBuffer) { k.b = b }

// write writes px to path as a PNG.
func (w *shotWriter) write(px webkit.Pixels, path string) error {
	img, err := shotImage(px, w.img)
	if err != nil {
		return err
	}
	w.img = img
	w.out.Reset()
	if err := w.enc.Encode(&w.out, img); err != nil {
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

// shotImage converts a snapshot's cairo pixels (native-endian 0xAARRGGBB,
// premultiplied) into an image the PNG encoder takes: into reuse when it
// has px's size, else into a new one.
func shotImage(px webkit.Pixels, reuse *image.NRGBA) (*image.NRGBA, error) {
	if px.Width <= 0 || px.Height <= 0 || px.Stride < 4*px.Width || len(px.Data) < px.Stride*(px.Height-1)+4*px.Width {
		return nil, fmt.Errorf("a %dx%d snapshot with %d bytes in rows of %d", px.Width, px.Height, len(px.Data), px.Stride)
	}
	img := reuse
	if img == nil || img.Rect != image.Rect(0, 0, px.Width, px.Height) {
		img = image.NewNRGBA(image.Rect(0, 0, px.Width, px.Height))
	}
	for y := 0; y < px.Height; y++ {
		src := px.Data[y*px.Stride : y*px.Stride+4*px.Width]
		dst := img.Pix[y*img.Stride : y*img.Stride+4*px.Width]
		for x := 0; x < px.Width; x++ {
			v := binary.NativeEndian.Uint32(src[4*x:])
			a, r, g, b := uint32(0xff), v>>16&0xff, v>>8&0xff, v&0xff
			if px.Alpha {
				a = v >> 24
				if a == 0 {
					r, g, b = 0, 0, 0
				} else if a < 0xff {
					r, g, b = min(r*0xff/a, 0xff), min(g*0xff/a, 0xff), min(b*0xff/a, 0xff)
				}
			}
			dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = uint8(r), uint8(g), uint8(b), uint8(a)
		}
	}
	return img, nil
}
