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

// TestEveryTextPairContrast: the text colours of both themes on every
// background they are drawn on (window, inputs, buttons, headers, menus,
// dialogs; a high-importance button's label on the accent; a field's
// placeholder) keep 4.5:1, WCAG AA for normal text (issue 16). Disabled
// text is exempt, as WCAG exempts inactive controls.
func TestEveryTextPairContrast(t *testing.T) {
	type pair struct{ text, on fyne.ThemeColorName }
	pairs := []pair{
		{theme.ColorNameForeground, theme.ColorNameBackground},
		{theme.ColorNameForeground, theme.ColorNameInputBackground},
		{theme.ColorNameForeground, theme.ColorNameButton},
		{theme.ColorNameForeground, theme.ColorNameHeaderBackground},
		{theme.ColorNameForeground, theme.ColorNameMenuBackground},
		{theme.ColorNameForeground, theme.ColorNameOverlayBackground},
		{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{theme.ColorNameHyperlink, theme.ColorNameBackground},
	}
	for _, dark := range []bool{false, true} {
		th := newHostTheme(dark, 1)
		for _, p := range pairs {
			fg, bg := th.Color(p.text, theme.VariantLight), th.Color(p.on, theme.VariantLight)
			// A translucent background is drawn over the window's.
			bg = over(bg, th.Color(theme.ColorNameBackground, theme.VariantLight))
			if got := contrast(fg, bg); got < 4.5 {
				t.Errorf("dark=%v: %s on %s is %.2f:1, want at least 4.5:1", dark, p.text, p.on, got)
			}
		}
	}
}

// over is c drawn over the opaque colour base.
func over(c, base color.Color) color.Color {
	r, g, b, a := c.RGBA()
	br, bgr, bb, _ := base.RGBA()
	mix := func(v, w uint32) uint8 { return uint8((v + w*(0xffff-a)/0xffff) >> 8) }
	return color.NRGBA{R: mix(r, br), G: mix(g, bgr), B: mix(b, bb), A: 0xff}
}
