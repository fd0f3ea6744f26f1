package window

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// pixelRow packs cairo words (0xAARRGGBB) native-endian, with pad bytes
// of 0xEE after them.
func pixelRow(pad int, words ...uint32) []byte {
	b := make([]byte, 4*len(words)+pad)
	for i, w := range words {
		binary.NativeEndian.PutUint32(b[4*i:], w)
	}
	for i := 4 * len(words); i < len(b); i++ {
		b[i] = 0xee
	}
	return b
}

// A snapshot's cairo pixels become the colours they show in its PNG: RGB24's unused
// top byte is no alpha, ARGB32 is un-premultiplied, and a row's padding
// is skipped.
func TestShotImage(t *testing.T) {
	tests := []struct {
		name string
		px   webkit.Pixels
		want []color.NRGBA
	}{
		{"rgb24 ignores the top byte", webkit.Pixels{Width: 2, Height: 1, Stride: 8, Data: pixelRow(0, 0x00102030, 0x7f654321)},
			[]color.NRGBA{{0x10, 0x20, 0x30, 0xff}, {0x65, 0x43, 0x21, 0xff}}},
		{"argb32 opaque", webkit.Pixels{Width: 1, Height: 1, Stride: 4, Alpha: true, Data: pixelRow(0, 0xff107c10)},
			[]color.NRGBA{{0x10, 0x7c, 0x10, 0xff}}},
		{"argb32 half transparent is un-premultiplied", webkit.Pixels{Width: 1, Height: 1, Stride: 4, Alpha: true, Data: pixelRow(0, 0x80400000)},
			[]color.NRGBA{{0x7f, 0, 0, 0x80}}},
		{"argb32 transparent", webkit.Pixels{Width: 1, Height: 1, Stride: 4, Alpha: true, Data: pixelRow(0, 0x00000000)},
			[]color.NRGBA{{0, 0, 0, 0}}},
		{"rows with padding", webkit.Pixels{Width: 1, Height: 2, Stride: 8, Data: append(pixelRow(4, 0x00c42b1c), pixelRow(4, 0x00123456)...)},
			[]color.NRGBA{{0xc4, 0x2b, 0x1c, 0xff}, {0x12, 0x34, 0x56, 0xff}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkPixels(tt.px); err != nil {
				t.Fatal(err)
			}
			img := decodeShot(t, tt.px)
			for i, want := range tt.want {
				x, y := i%tt.px.Width, i/tt.px.Width
				if got := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA); got != want {
					t.Errorf("pixel (%d,%d) = %v, want %v", x, y, got, want)
				}
			}
		})
	}
}

// Pixels that do not fill their rows are an error, not a panic.
func TestShotImageRejectsShortData(t *testing.T) {
	for _, px := range []webkit.Pixels{
		{Width: 2, Height: 2, Stride: 8, Data: make([]byte, 12)},
		{Width: 2, Height: 1, Stride: 4, Data: make([]byte, 8)},
		{Width: 0, Height: 1, Stride: 4, Data: make([]byte, 4)},
	} {
		if err := checkPixels(px); err == nil {
			t.Errorf("checkPixels(%dx%d, stride %d, %d bytes) = nil error", px.Width, px.Height, px.Stride, len(px.Data))
		}
	}
}

// A shotWriter writes a PNG that decodes to the snapshot, and says why when
// it cannot write.
func TestWriteShot(t *testing.T) {
	px := webkit.Pixels{Width: 2, Height: 1, Stride: 8, Data: pixelRow(0, 0x00107c10, 0x00ffffff)}
	path := filepath.Join(t.TempDir(), "01-handback.png")
	if err := newShotWriter().write(px, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA); got != (color.NRGBA{0x10, 0x7c, 0x10, 0xff}) {
		t.Errorf("pixel (0,0) = %v, want the pass green", got)
	}
	if b := img.Bounds(); b.Dx() != 2 || b.Dy() != 1 {
		t.Errorf("size %v, want 2x1", b)
	}
	err = newShotWriter().write(px, filepath.Join(t.TempDir(), "no-such-dir", "x.png"))
	if err == nil || !strings.Contains(err.Error(), "writing the PNG") {
		t.Errorf("a shot into a missing directory: %v, want a write error", err)
	}
}

// One shotWriter serves snapshot after snapshot, of one size or another:
// each file holds its own snapshot's size and pixels, none of the one
// before, and a bad snapshot between them changes nothing for the next.
func TestShotWriterReusesItsBuffers(t *testing.T) {
	w := newShotWriter()
	dir := t.TempDir()
	shots := []struct {
		px   webkit.Pixels
		want []color.NRGBA
	}{
		{webkit.Pixels{Width: 2, Height: 1, Stride: 8, Data: pixelRow(0, 0x00107c10, 0x00ffffff)},
			[]color.NRGBA{{0x10, 0x7c, 0x10, 0xff}, {0xff, 0xff, 0xff, 0xff}}},
		{webkit.Pixels{Width: 1, Height: 1, Stride: 4, Data: pixelRow(0, 0x00c42b1c)},
			[]color.NRGBA{{0xc4, 0x2b, 0x1c, 0xff}}},
		{webkit.Pixels{Width: 2, Height: 1, Stride: 8, Alpha: true, Data: pixelRow(0, 0xff123456, 0x00000000)},
			[]color.NRGBA{{0x12, 0x34, 0x56, 0xff}, {0, 0, 0, 0}}},
	}
	for i, sh := range shots {
		if i == 2 {
			if err := w.write(webkit.Pixels{Width: 2, Height: 2, Stride: 8, Data: make([]byte, 4)}, filepath.Join(dir, "bad.png")); err == nil {
				t.Fatal("a short snapshot was written")
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("%d.png", i))
		if err := w.write(sh.px, path); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		_ = f.Close()
		if err != nil {
			t.Fatalf("shot %d: %v", i, err)
		}
		if b := img.Bounds(); b.Dx() != len(sh.want) || b.Dy() != 1 {
			t.Errorf("shot %d: size %v, want %dx1", i, b, len(sh.want))
			continue
		}
		for x, want := range sh.want {
			if got := color.NRGBAModel.Convert(img.At(x, 0)).(color.NRGBA); got != want {
				t.Errorf("shot %d: pixel %d = %v, want %v", i, x, got, want)
			}
		}
	}
}

// pagePixels is an 800x600 RGB24 snapshot that looks like a portal page to
// the encoder: a white page, a coloured header, grey text lines.
func pagePixels() webkit.Pixels {
	const w, h = 800, 600
	data := make([]byte, 4*w*h)
	for y := range h {
		for x := range w {
			v := uint32(0x00ffffff)
			switch {
			case y < 60:
				v = 0x00123456
			case y%24 < 12 && x > 40 && x < 40+(y*7)%700:
				v = 0x00333333 + uint32(x%5)
			}
			binary.NativeEndian.PutUint32(data[4*(y*w+x):], v)
		}
	}
	return webkit.Pixels{Width: w, Height: h, Stride: 4 * w, Data: data}
}

// BenchmarkShotWriter writes an 800x600 snapshot as a PNG with one writer
// for all (a session's) and with a new writer each time (what every
// snapshot cost before the writer kept its buffers).
func BenchmarkShotWriter(b *testing.B) {
	px := pagePixels()
	path := filepath.Join(b.TempDir(), "shot.png")
	b.Run("reused", func(b *testing.B) {
		w := newShotWriter()
		b.ReportAllocs()
		for range b.N {
			if err := w.write(px, path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fresh", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if err := newShotWriter().write(px, path); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestShotNotSavedIsASkippedScreenshot: a screenshot that cannot be written
// (a full disk, a directory gone) reaches the parent as a screenshot
// skipped with why, which the report lists and the command line warns of;
// it was an error line in the log only (crowd QA).
func TestShotNotSavedIsASkippedScreenshot(t *testing.T) {
	r := &recorder{p: &portal{}, shooter: newShotWriter()}
	px := webkit.Pixels{Width: 1, Height: 1, Stride: 4, Data: pixelRow(0, 0x00107c10)}
	gone := filepath.Join(t.TempDir(), "gone", "01-first-paint.png")
	m := r.shotMessage(inspect.Screenshot{Label: "first-paint", Path: gone}, px, "")
	if m.Type != ipc.TypeScreenshot || m.Screenshot == nil || m.Screenshot.Path != "" ||
		!strings.HasPrefix(m.Screenshot.Skipped, inspect.SkippedNotSaved+": writing the PNG: ") {
		t.Errorf("message %+v (screenshot %+v), want first-paint skipped as not saved", m, m.Screenshot)
	}
	saved := filepath.Join(t.TempDir(), "01-first-paint.png")
	if m := r.shotMessage(inspect.Screenshot{Label: "first-paint", Path: saved}, px, ""); m.Screenshot == nil || m.Screenshot.Path != saved || m.Screenshot.Skipped != "" {
		t.Errorf("a screenshot written: %+v", m.Screenshot)
	}
	if m := r.shotMessage(inspect.Screenshot{Label: "x"}, px, "no snapshot"); m.Type != ipc.TypeError || !strings.Contains(m.Message, `screenshot "x": no snapshot`) {
		t.Errorf("no snapshot: %+v", m)
	}
}

// decodeShot encodes px as encodeShotPNG does and decodes the PNG with
// image/png.
func decodeShot(t testing.TB, px webkit.Pixels) image.Image {
	t.Helper()
	var b bytes.Buffer
	if err := encodeShotPNG(&b, px); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("image/png cannot read the PNG: %v", err)
	}
	return img
}

// Every pixel of a page-like snapshot, rows of every filter's liking among
// them, comes back from image/png as it went in; an opaque snapshot is
// written as RGB, one with transparency as RGBA.
func TestEncodeShotPNGRoundTrip(t *testing.T) {
	page := pagePixels()
	gradient := webkit.Pixels{Width: 37, Height: 23, Stride: 4*37 + 8, Alpha: true}
	gradient.Data = make([]byte, gradient.Stride*gradient.Height)
	for y := range gradient.Height {
		for x := range gradient.Width {
			a := uint32(0xff)
			if (x+y)%3 == 0 {
				a = uint32(x * 7 % 256)
			}
			c := func(v uint32) uint32 { return v * a / 0xff }
			binary.NativeEndian.PutUint32(gradient.Data[y*gradient.Stride+4*x:], a<<24|c(uint32(x*13%256))<<16|c(uint32(y*29%256))<<8|c(uint32((x*y)%256)))
		}
	}
	opaqueAlpha := page
	opaqueAlpha.Alpha = true
	opaqueAlpha.Data = append([]byte(nil), page.Data...)
	for i := 3; i < len(opaqueAlpha.Data); i += 4 {
		opaqueAlpha.Data[i] = 0xff // the top byte of a native-endian (little-endian) word
	}
	tests := []struct {
		name      string
		px        webkit.Pixels
		wantModel color.Model
	}{
		{"an RGB24 page", page, color.RGBAModel},
		{"an ARGB32 page that is opaque", opaqueAlpha, color.RGBAModel},
		{"translucent pixels with padded rows", gradient, color.NRGBAModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := decodeShot(t, tt.px)
			if img.ColorModel() != tt.wantModel {
				t.Errorf("colour model %v, want %v", img.ColorModel(), tt.wantModel)
			}
			want := shotPixelsAsNRGBA(tt.px)
			for y := range tt.px.Height {
				for x := range tt.px.Width {
					if got := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA); got != want[y*tt.px.Width+x] {
						t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got, want[y*tt.px.Width+x])
					}
				}
			}
		})
	}
}

// shotPixelsAsNRGBA is what px shows, by image/color's own conversion.
func shotPixelsAsNRGBA(px webkit.Pixels) []color.NRGBA {
	out := make([]color.NRGBA, 0, px.Width*px.Height)
	for y := range px.Height {
		for x := range px.Width {
			v := binary.NativeEndian.Uint32(px.Data[y*px.Stride+4*x:])
			a := uint8(0xff)
			if px.Alpha {
				a = uint8(v >> 24)
			}
			out = append(out, color.NRGBAModel.Convert(color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), a}).(color.NRGBA))
		}
	}
	return out
}

// failingWriter fails once it has taken n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("no space left on device")
	}
	w.n -= len(p)
	return len(p), nil
}

// A write that fails anywhere in the PNG (the header, a chunk of pixels,
// the end) is an error, never a file taken for whole.
func TestEncodeShotPNGWriteErrors(t *testing.T) {
	page := pagePixels()
	var full bytes.Buffer
	if err := encodeShotPNG(&full, page); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 20, 100, full.Len() / 2, full.Len() - 1} {
		if err := encodeShotPNG(&failingWriter{n: n}, page); err == nil {
			t.Errorf("a writer that fails after %d of %d bytes: no error", n, full.Len())
		}
	}
}

// The snapshot's pixels are read where cairo drew them and left as they
// are (WebKit maps them read-only), and the encoder allocates a fraction
// of the image, not a copy of it: the window process's memory at a
// screenshot is the snapshot and a few rows (issue 15: the tree's PSS).
func TestEncodeShotPNGKeepsNoCopy(t *testing.T) {
	px := pagePixels()
	before := append([]byte(nil), px.Data...)
	var out bytes.Buffer
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	if err := encodeShotPNG(&out, px); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms1)
	if string(px.Data) != string(before) {
		t.Error("encodeShotPNG changed the snapshot's own pixels")
	}
	imageBytes := uint64(4 * px.Width * px.Height)
	// The output buffer grows to the PNG's size (about 1/20 of the image
	// here); zlib's fastest state is about 0.45 MB.
	if got := ms1.TotalAlloc - ms0.TotalAlloc; got > imageBytes/2 {
		t.Errorf("encoding an 800x600 snapshot allocated %d bytes, want well under the image's %d", got, imageBytes)
	}
}
