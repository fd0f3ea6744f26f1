package ui

import (
	"context"
	"image"
	"image/color"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// uncovered is a character no font covers (the last code point of plane
// 16's private use area): drawn as the missing-glyph mark, the way a
// character of a script no font covers is drawn.
const uncovered = '\U0010FFFD'

// fontCovers asks fontconfig which installed fonts cover the language lang
// (fontconfig's names: "ja", "ko", "zh-cn"), as workspace.FontWarning
// does; ok is false when fc-list could not answer.
func fontCovers(lang string) (families string, ok bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "fc-list", ":lang="+lang, "family").Output()
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}

// drawnRune is r drawn alone in the host theme's text style, by Fyne's
// software painter (the one the test driver uses; the GL painter takes its
// glyphs from the same font lookup, painter.CachedFontFace).
func drawnRune(t *testing.T, r rune, style fyne.TextStyle) image.Image {
	t.Helper()
	txt := canvas.NewText(string(r), color.Black)
	txt.TextStyle = style
	w := test.NewWindow(txt)
	defer w.Close()
	w.Resize(fyne.NewSize(60, 40))
	return w.Canvas().Capture()
}

// sameImage reports whether a and b have the same pixels.
func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// Plan names and languages in Japanese, Chinese and Korean are drawn in
// the host, not as boxes, where an installed font covers them: Fyne's
// bundled font has no CJK glyph, and Fyne 2.7 takes each missing one from
// the system's fonts (go-text's fontscan), in the host theme's regular,
// bold and italic text alike. scripts/install-deps.sh installs such a font
// (fonts-wqy-microhei) where there is none: in CI (CI set) a machine
// without one fails, elsewhere the test is skipped (and the launch form
// warns, workspace.FontWarning).
func TestHostDrawsCJKText(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(newHostTheme(false, 1))
	for _, tc := range []struct {
		lang string // fontconfig's name
		text string
	}{
		{"ja", "ギガプラン月額円"},
		{"zh-cn", "中文套餐"},
		{"ko", "한국어요금제"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			families, ok := fontCovers(tc.lang)
			if !ok || families == "" {
				why := "no installed font covers " + tc.lang + " (fc-list)"
				if !ok {
					why = "fc-list is not installed"
				}
				if os.Getenv("CI") != "" {
					t.Fatal(why + "; scripts/install-deps.sh installs fonts-wqy-microhei")
				}
				t.Skip(why + ": run scripts/install-deps.sh")
			}
			for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}} {
				box := drawnRune(t, uncovered, style)
				for _, r := range tc.text {
					if sameImage(drawnRune(t, r, style), box) {
						t.Errorf("%q (%+v) is drawn as a box, though %s covers %s", r, style, families, tc.lang)
					}
				}
			}
		})
	}
}
