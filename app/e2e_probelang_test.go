package main

import (
	"testing"

	"mpsim/app/internal/session"
)

// TestE2EProbeTellsEmptyLangFromNone: the DOM probe records whether the
// page's <html> has a lang attribute (hasLang), so that lang="", a page
// that says its language is unknown, is told from a page with none;
// expect.html_lang says which it was.
func TestE2EProbeTellsEmptyLangFromNone(t *testing.T) {
	needE2E(t)
	for _, tc := range []struct {
		name, html, lang string
		has              bool
	}{
		{"empty", `<html lang="">`, "", true},
		{"none", `<html>`, "", false},
		{"spaces around a tag", `<html lang=" de-AT ">`, "de-AT", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := "<!doctype html>" + tc.html + `<head><title>Thanks</title></head><body><p>Thanks</p>` + handBackAfter("300") + `</body></html>`
			p := startTestPortal(t, map[string]string{"/": page})
			_, rep, stderr := runMpsim(t, "run", "--headless", "--no-axe", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s")
			if rep.Ended != session.EndedHandBack {
				t.Fatalf("ended %q, want handBack\nstderr:\n%s", rep.Ended, stderr)
			}
			found := false
			for _, pr := range rep.Probes {
				if pr.Label != "handback" {
					continue
				}
				found = true
				if pr.Lang != tc.lang || pr.HasLang != tc.has || pr.Error != "" {
					t.Errorf("hand-back probe: lang %q, hasLang %v (error %q); want %q, %v", pr.Lang, pr.HasLang, pr.Error, tc.lang, tc.has)
				}
			}
			if !found {
				t.Errorf("no hand-back probe in %+v", rep.Probes)
			}
		})
	}
}
