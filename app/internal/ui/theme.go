package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// hostTheme is the default Fyne theme with the Windows accent colour as its
// primary colour, an optional forced variant (the light/dark toggle) and an
// optional text scale (presenter mode's large type).
type hostTheme struct {
	dark  *bool   // nil follows the system
	scale float32 // 0 or 1: normal sizes
}

var _ fyne.Theme = hostTheme{}

// accent is the Windows accent blue the Mobile Plans app uses; accentDark
// its lighter form on the dark theme.
var (
	accent     = color.NRGBA{R: 0x00, G: 0x78, B: 0xd4, A: 0xff}
	accentDark = color.NRGBA{R: 0x4c, G: 0xa8, B: 0xf0, A: 0xff}
)

// Status colours readable on a projector: in the light theme Fyne's own
// success green (#43F436) is about 1.5:1 on white; these keep text at 4.5:1
// or more (WCAG AA) on the theme's background (see TestStatusColoursContrast).
var (
	successLight = color.NRGBA{R: 0x10, G: 0x7c, B: 0x10, A: 0xff} // Windows green
	warningLight = color.NRGBA{R: 0x9d, G: 0x5d, B: 0x00, A: 0xff}
	errorLight   = color.NRGBA{R: 0xc4, G: 0x2b, B: 0x1c, A: 0xff}
	successDark  = color.NRGBA{R: 0x6c, G: 0xcb, B: 0x5f, A: 0xff}
	warningDark  = color.NRGBA{R: 0xfc, G: 0xe1, B: 0x00, A: 0xff}
	errorDark    = color.NRGBA{R: 0xff, G: 0x99, B: 0xa4, A: 0xff}
)

func newHostTheme(dark bool, scale float32) hostTheme {
	return hostTheme{dark: &dark, scale: scale}
}

// Color implements fyne.Theme.
func (t hostTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.dark != nil {
		v = theme.VariantLight
		if *t.dark {
			v = theme.VariantDark
		}
	}
	if c, ok := hostColors[n]; ok {
		if v == theme.VariantDark {
			if c.dark != nil {
				return c.dark
			}
		} else if c.light != nil {
			return c.light
		}
	}
	return theme.DefaultTheme().Color(n, v)
}

// variantColors is a colour of the host theme in the light and the dark
// variant; nil keeps Fyne's default for that variant.
type variantColors struct{ light, dark color.Color }

// hostColors are the colours the host theme sets: the Windows accent,
// status colours at 4.5:1 (TestStatusColoursContrast), and text on the
// accent and placeholders at 4.5:1 (TestEveryTextPairContrast).
var hostColors = map[fyne.ThemeColorName]variantColors{
	theme.ColorNamePrimary:   {accent, accentDark},
	theme.ColorNameHyperlink: {accent, accentDark},
	theme.ColorNameSuccess:   {successLight, successDark},
	theme.ColorNameWarning:   {warningLight, warningDark},
	theme.ColorNameError:     {errorLight, errorDark},
	// The dark theme's lighter accent takes dark text, as Windows' dark
	// mode does: white on it is 2.6:1.
	theme.ColorNameForegroundOnPrimary: {color.White, color.NRGBA{R: 0x0b, G: 0x1a, B: 0x2a, A: 0xff}},
	// Fyne's #888 on the light input background is 3.2:1.
	theme.ColorNamePlaceHolder: {color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff}, nil},
	// The focus tint is blended over what it marks (a button, a check, a
	// menu row): the accent at half opacity left a focused primary button
	// (Open portal, Start again) exactly as it was (found by GUI QA). A
	// shade in the light theme and a light tint in the dark one change
	// the primary button, a plain button and the background alike
	// (TestFocusShowsEverywhere).
	theme.ColorNameFocus:     {color.NRGBA{A: 0x40}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x50}},
	theme.ColorNameSelection: {color.NRGBA{R: 0x00, G: 0x78, B: 0xd4, A: 0x40}, color.NRGBA{R: 0x00, G: 0x78, B: 0xd4, A: 0x40}},
	// An unticked check box is drawn in the input border's colour: Fyne's
	// #e3e3e3 on white (1.3:1) and #39393a on #171718 (1.6:1) left
	// DevTools and Presenter mode almost invisible; these are 3:1 or more
	// (WCAG 1.4.11, TestUntickedCheckBoxesShow), on the input background too.
	theme.ColorNameInputBorder: {color.NRGBA{R: 0x85, G: 0x85, B: 0x85, A: 0xff}, color.NRGBA{R: 0x7a, G: 0x7a, B: 0x7a, A: 0xff}},
	// A disabled control's text and icon: Fyne's #e3e3e3 on a light button
	// (1.2:1) and #39393a on a dark one (1.3:1) hid Close portal and Copy
	// report JSON from a low-vision user until they were enabled (found by
	// GUI QA). WCAG exempts inactive controls; these are 3:1 or more so
	// that the control is seen, and still well under the placeholder's and
	// the text's contrast, so it reads as disabled (TestDisabledTextShows).
	theme.ColorNameDisabled: {color.NRGBA{R: 0x8a, G: 0x8a, B: 0x8a, A: 0xff}, color.NRGBA{R: 0x75, G: 0x75, B: 0x76, A: 0xff}},
}

// Font implements fyne.Theme.
func (t hostTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon implements fyne.Theme.
func (t hostTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t hostTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	if t.scale <= 0 || t.scale == 1 {
		return s
	}
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon, theme.SizeNamePadding,
		theme.SizeNameInnerPadding, theme.SizeNameLineSpacing:
		return s * t.scale
	}
	return s
}
