package main

import (
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/audit"
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

// TestE2EProbeRecordsDirection: the DOM probe records the computed
// direction of the root and the body (dir, bodyDir), and
// localization-locale warns of an Arabic page laid out left to right, not
// of one made rtl on <html> or on <body>.
func TestE2EProbeRecordsDirection(t *testing.T) {
	needE2E(t)
	for _, tc := range []struct {
		name, html, body, dir, bodyDir string
		warn                           bool
	}{
		{"ltr", `<html lang="ar" dir="ltr">`, `<body>`, "ltr", "ltr", true},
		{"rtl", `<html lang="ar" dir="rtl">`, `<body>`, "rtl", "rtl", false},
		{"rtl body", `<html lang="ar">`, `<body dir="rtl">`, "ltr", "rtl", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := "<!doctype html>" + tc.html + `<head><title>شكرا</title></head>` + tc.body + `<p>شكرا لك</p>` + handBackAfter("300") + `</body></html>`
			p := startTestPortal(t, map[string]string{"/": page})
			_, rep, stderr := runMpsim(t, "run", "--headless", "--no-axe", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--lang", "ar-SA", "--timeout", "60s")
			if rep.Ended != session.EndedHandBack {
				t.Fatalf("ended %q, want handBack\nstderr:\n%s", rep.Ended, stderr)
			}
			for _, pr := range rep.Probes {
				if pr.Label == "handback" && (pr.Dir != tc.dir || pr.BodyDir != tc.bodyDir) {
					t.Errorf("hand-back probe: dir %q, bodyDir %q; want %q, %q", pr.Dir, pr.BodyDir, tc.dir, tc.bodyDir)
				}
			}
			found := false
			for _, x := range rep.Policies {
				if x.ID != "localization-locale" {
					continue
				}
				found = true
				warned := slices.ContainsFunc(x.Evidence, func(l string) bool {
					return strings.Contains(l, "is a right-to-left language (Arab script), but the page is laid out left to right")
				})
				if warned != tc.warn || (tc.warn && x.Status != audit.StatusWarn) || (!tc.warn && x.Status != audit.StatusPass) {
					t.Errorf("localization-locale %s with %q; want a warning of the direction: %v", x.Status, x.Evidence, tc.warn)
				}
			}
			if !found {
				t.Errorf("no localization-locale in %+v", rep.Policies)
			}
		})
	}
}
