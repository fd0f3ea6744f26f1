package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// The icons decode as PNG at the sizes their doc comments give; the window
// icon stays small, since the window manager gets it as raw pixels before
// the window is mapped (docs/performance.md).
func TestIcons(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		size int
	}{
		{"Icon", Icon(), 512},
		{"WindowIcon", WindowIcon(), 64},
	}
	for _, tt := range tests {
		cfg, err := png.DecodeConfig(bytes.NewReader(tt.data))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if cfg.Width != tt.size || cfg.Height != tt.size {
			t.Errorf("%s is %dx%d, want %dx%d", tt.name, cfg.Width, cfg.Height, tt.size, tt.size)
		}
	}
	img, err := png.Decode(bytes.NewReader(WindowIcon()))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := img.(*image.NRGBA); !ok {
		t.Errorf("the window icon decodes to %T, want 8 bits per channel (*image.NRGBA)", img)
	}
}
