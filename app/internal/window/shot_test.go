package window

import (
	"encoding/binary"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// A snapshot's cairo pixels become the colours they show: RGB24's unused
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
			img, err := shotImage(tt.px)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.want {
				x, y := i%tt.px.Width, i/tt.px.Width
				if got := img.NRGBAAt(x, y); got != want {
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
		if _, err := shotImage(px); err == nil {
			t.Errorf("shotImage(%dx%d, stride %d, %d bytes) = nil error", px.Width, px.Height, px.Stride, len(px.Data))
		}
	}
}

// writeShot writes a PNG that decodes to the snapshot, and says why when
// it cannot write.
func TestWriteShot(t *testing.T) {
	px := webkit.Pixels{Width: 2, Height: 1, Stride: 8, Data: pixelRow(0, 0x00107c10, 0x00ffffff)}
	path := filepath.Join(t.TempDir(), "01-handback.png")
	if err := writeShot(px, path); err != nil {
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
	err = writeShot(px, filepath.Join(t.TempDir(), "no-such-dir", "x.png"))
	if err == nil || !strings.Contains(err.Error(), "writing the PNG") {
		t.Errorf("writeShot into a missing directory: %v, want a write error", err)
	}
}
