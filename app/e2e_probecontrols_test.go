package main

import (
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
)

// svgImage is an <img> of a w x h SVG (its natural size), with attrs.
func svgImage(w, h, attrs string) string {
	return `<img ` + attrs + ` alt="" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='` + w + `' height='` + h + `'/%3E">`
}

// controlsPage has the controls QA found misread: a Cancel and a Back
// that lead their text ("Cancel purchase", "← Back"), a dialog's Close
// and ×, an OK button labelled Close, and one window-like control (an
// icon button labelled Close at the page's top right corner); ten images
// on screen and six not displayed, one of them a 1200x900 hero.
func controlsPage() string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><title>Plans</title>
<style>body{margin:0;font:16px sans-serif} #x{position:absolute;top:4px;right:4px;width:24px;height:24px} main{padding:40px 8px}</style></head>
<body><button id="x" type="button" aria-label="Close"></button><main><h1>Choose a plan</h1>
<a id="back" href="/plans">← Back</a> <button id="cancel-purchase" type="button">Cancel purchase</button>
<button id="dismiss" type="button" aria-label="Close">OK</button>
<dialog open><p>Plan details</p><button id="close-details" type="button">Close</button><button id="dialog-x" type="button">×</button></dialog><p>`)
	for range 10 {
		b.WriteString(svgImage("20", "20", `class="shown"`))
	}
	b.WriteString(svgImage("1200", "900", `id="hero" style="display:none"`))
	for range 5 {
		b.WriteString(svgImage("20", "20", `class="gone" style="display:none"`))
	}
	b.WriteString(`</p></main>` + handBackAfter("1500") + `</body></html>`)
	return b.String()
}

// TestE2EProbeReadsControlsAsShown: the DOM probe takes a Cancel or Back
// that leads its control's text as one, takes as window-like only a
// control that looks like a window's (not a dialog's Close, nor an OK
// button labelled Close), quoting what it shows, and counts only the
// images a user can see.
func TestE2EProbeReadsControlsAsShown(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": controlsPage()})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--no-axe", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s")
	i := slices.IndexFunc(rep.Probes, func(pr inspect.Probe) bool { return pr.Label == "handback" })
	if i < 0 {
		t.Fatalf("no hand-back probe (ended %q)\nstderr:\n%s", rep.Ended, stderr)
	}
	pr := rep.Probes[i]
	t.Logf("hand-back probe: cancel %q, back %q, window buttons %q, %d images, large %+v", pr.Cancel, pr.Back, pr.WindowButtons, pr.Images, pr.LargeImages)
	t.Run("cancel and back lead their text", func(t *testing.T) {
		if !slices.Contains(pr.Cancel, `button#cancel-purchase "Cancel purchase"`) {
			t.Errorf("cancel %q, want button#cancel-purchase", pr.Cancel)
		}
		if !slices.Contains(pr.Back, `a#back "← Back"`) {
			t.Errorf("back %q, want a#back", pr.Back)
		}
		wantPolicy(t, rep, "usability-cancel", audit.StatusPass, `"Cancel purchase"`)
		wantPolicy(t, rep, "usability-back-forward", audit.StatusPass, `"← Back"`)
	})
	t.Run("only window-like controls", func(t *testing.T) {
		if !slices.Equal(pr.WindowButtons, []string{`button#x "Close"`}) {
			t.Errorf("window buttons %q, want only the corner's icon button#x", pr.WindowButtons)
		}
		wantPolicy(t, rep, "usability-no-window-buttons", audit.StatusFail, `window-like button button#x "Close"`)
	})
	t.Run("only images on screen", func(t *testing.T) {
		if pr.Images != 10 || len(pr.LargeImages) != 0 {
			t.Errorf("%d images, large %+v; want the 10 on screen, none large", pr.Images, pr.LargeImages)
		}
		wantPolicy(t, rep, "usability-clutter", audit.StatusPass)
		if a := policyOf(t, rep, "advertising-none"); slices.ContainsFunc(a.Evidence, func(l string) bool { return strings.Contains(l, "hero") }) {
			t.Errorf("advertising-none names the hero that is not displayed: %q", a.Evidence)
		}
	})
}

// longURLPage is of the viewport's width but for one URL, a word too long
// to wrap, in a paragraph: its text sticks out, its box does not.
var longURLPage = `<!doctype html><html lang="en"><head><title>Plans</title><style>body{margin:0;font:16px sans-serif}</style></head>
<body><main><h1>Choose a plan</h1><p id="terms-url">See https://portal.example/legal/terms-of-service/` + strings.Repeat("x", 150) + `</p>
<button type="button">Cancel</button></main>` + handBackAfter("1500") + `</body></html>`

// TestE2EFrameSizeNamesTextThatSticksOut: usability-frame-size names the
// element whose unbreakable text makes the page overflow.
func TestE2EFrameSizeNamesTextThatSticksOut(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": longURLPage})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--no-axe", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s")
	if len(rep.Probes) == 0 {
		t.Fatalf("no probe (ended %q)\nstderr:\n%s", rep.Ended, stderr)
	}
	wantPolicy(t, rep, "usability-frame-size", audit.StatusFail, "sticking out: p#terms-url (its text ", "text that does not wrap")
}
