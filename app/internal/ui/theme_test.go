package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
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

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestStatusColoursContrast: verdicts, badges and findings are text in the
// status colours, read on a projector; each keeps 4.5:1 (WCAG AA) on the
// background of both themes.
func TestStatusColoursContrast(t *testing.T) {
	for _, dark := range []bool{false, true} {
		th := newHostTheme(dark, 1)
		bg := th.Color(theme.ColorNameBackground, theme.VariantLight)
		for _, name := range []fyne.ThemeColorName{theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError, theme.ColorNamePrimary, theme.ColorNameForeground} {
			if got := contrast(th.Color(name, theme.VariantLight), bg); got < 4.5 {
				t.Errorf("dark=%v: %s on the background is %.2f:1, want at least 4.5:1", dark, name, got)
			}
		}
	}
}

func TestContrastOfFyneDefaultGreenIsWhatTheIssueSaw(t *testing.T) {
	// The reason for the theme's own success colour: Fyne's default.
	got := contrast(color.NRGBA{R: 0x43, G: 0xf4, B: 0x36, A: 0xff}, color.White)
	if got > 2 {
		t.Fatalf("default green on white = %.2f:1; the test's arithmetic is off", got)
	}
}
