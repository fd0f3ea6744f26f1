package main

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"mpsim/app/internal/session"
)

// fontsPage names the fonts portals name, most of which a Linux desk lacks,
// in the weights and kinds of text a portal shows, and hands back a second
// later, after its first paint's screenshot.
const fontsPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fonts</title><style>
body{margin:8px;font:15px/1.4 "Segoe UI",system-ui,-apple-system,"Noto Sans","Helvetica Neue",Arial,sans-serif;color:#111;background:#fff}
p{margin:2px 0} b{font-weight:600} .h{font-size:1.4rem;font-weight:700}
.a{font-family:Arial,sans-serif} .hv{font-family:Helvetica,sans-serif} .t{font-family:"Times New Roman",serif}
.c{font-family:"Courier New",monospace} .m{font:13px ui-monospace,Consolas,monospace} .v{font-family:Verdana,Tahoma,sans-serif}
.g{font-family:Georgia,serif;font-style:italic}
</style></head><body>
<p class="h">Contoso Mobile: 5 GB for 30 days</p>
<p>Default stack, <b>semibold</b>, <i>italic</i>: Choose a plan — €9.99 / month</p>
<p class="a">Arial: The quick brown fox jumps over the lazy dog 0123456789</p>
<p class="hv">Helvetica: The quick brown fox jumps over the lazy dog</p>
<p class="t">Times New Roman: The quick brown fox jumps over the lazy dog</p>
<p class="c">Courier New: ICCID 8988247000123456789</p>
<p class="m">ui-monospace: EID 89033023426200000000000012345678</p>
<p class="v">Verdana: Purchase complete</p>
<p class="g">Georgia italic: Thank you</p>
<p>Русский текст, Ελληνικά, עברית, العربية, 日本語, 中文, ไทย</p>
<script>setTimeout(function () {
  ` + completedHandBackJS + `
}, 1000);</script></body></html>`

// TestE2EPrunedFontconfigDrawsTheSamePage opens the same page with the
// system's fontconfig configuration (MPSIM_FONTCONFIG=system) and with the
// pruned one the window process gives WebKit by default (package
// window/fontconf): the first paint must be the same to the pixel, and the
// default session must have used a pruned configuration.
func TestE2EPrunedFontconfigDrawsTheSamePage(t *testing.T) {
	needE2E(t)
	if os.Getenv("FONTCONFIG_FILE")+os.Getenv("FONTCONFIG_PATH") != "" {
		t.Skip("FONTCONFIG_FILE or FONTCONFIG_PATH is set: the window process keeps that configuration")
	}
	p := startTestPortal(t, map[string]string{"/": fontsPage})
	shots := map[string]image.Image{}
	for _, mode := range []string{"system", "pruned"} {
		home := t.TempDir()
		var env []string
		if mode == "system" {
			env = []string{"MPSIM_FONTCONFIG=system"} // the window process inherits it
		}
		r := runDemoEnv(home, env, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--no-axe")
		if r.err != nil || r.rep.Ended != session.EndedHandBack {
			t.Fatalf("%s: %v, ended %q; want a hand-back\nstderr:\n%s", mode, r.err, r.rep.Ended, r.stderr)
		}
		pruned, _ := filepath.Glob(filepath.Join(home, "cache", "mpsim", "fontconfig-*.conf"))
		switch {
		case mode == "system" && len(pruned) > 0:
			t.Errorf("MPSIM_FONTCONFIG=system: the window process wrote %v; want the system's configuration untouched", pruned)
		case mode == "pruned" && (len(pruned) != 1 || fileSize(pruned[0]) == 0):
			t.Fatalf("default: pruned configurations %v; want one, not empty (on Debian 12, 65-nonlatin.conf is left out)\nstderr:\n%s", pruned, r.stderr)
		}
		shots[mode] = firstPaintShot(t, r.rep)
	}
	a, b := shots["system"], shots["pruned"]
	if a.Bounds() != b.Bounds() {
		t.Fatalf("first paint %v with the system's configuration, %v pruned; want the same size", a.Bounds(), b.Bounds())
	}
	differ := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				differ++
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d pixels of the first paint differ between the system's fontconfig configuration and the pruned one; want none", differ)
	}
}

// firstPaintShot decodes the first-paint screenshot of rep.
func firstPaintShot(t *testing.T, rep session.Report) image.Image {
	t.Helper()
	for _, s := range rep.Screenshots {
		if s.Label != "first-paint" {
			continue
		}
		f, err := os.Open(s.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatalf("%s: %v", s.Path, err)
		}
		return img
	}
	t.Fatalf("no first-paint screenshot in %+v", rep.Screenshots)
	return nil
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}
