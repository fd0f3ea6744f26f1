// Package wcag computes what WCAG 2 says of colours: relative luminance and
// the contrast ratio of two colours, for the tests that hold the host
// window's theme, its focus ring and the HTML report to 4.5:1 and 3:1.
package wcag

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// Luminance is the WCAG relative luminance of c, from 0 (black) to 1
// (white).
func Luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG contrast ratio of a and b, from 1 to 21.
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Hex is the colour a CSS #rgb or #rrggbb notation names.
func Hex(s string) (color.Color, error) {
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if len(h) != 6 || err != nil {
		return nil, fmt.Errorf("colour %q: not #rgb or #rrggbb", s)
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, nil
}
