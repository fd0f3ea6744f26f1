package main

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// TestE2ENotShownFirstPage: in real WebKit, a portal whose first page the
// window cannot show — a valid page served as application/octet-stream, or
// with Content-Disposition: attachment — ends at once with portal-load-failed
// naming the Content-Type or the download, as a 404 or a refused connection
// does. Before (QA), WebKit's "Frame load interrupted" was taken for a load
// the page stopped: a blank window until the session's timeout, ended
// timeout with only handback-missing. The download is still blocked and
// reported (download-blocked, security-no-installs, whose evidence names no
// empty "from"), and without inspection it is cancelled too: none is saved
// (it was saved into $HOME with --no-inspect).
func TestE2ENotShownFirstPage(t *testing.T) {
	needE2E(t)
	const page = `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body><h1>Contoso plans</h1><p>5 GB / 30 days</p><button>Buy now</button><button>Cancel</button></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/wrongct.bin":
			w.Header().Set("Content-Type", "application/octet-stream")
		case "/good.att.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Disposition", "attachment; filename=good.att.html")
		default:
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	tests := []struct {
		name, path string
		noInspect  bool
		want       string // in the portal-load-failed finding
	}{
		{"octet-stream", "/wrongct.bin", false,
			"the main document was not shown: the response has the Content-Type application/octet-stream, which the WebView cannot show as a page"},
		{"attachment", "/good.att.html", false,
			"the main document was not shown: the response is a download (Content-Disposition: attachment; filename=good.att.html)"},
		{"attachment without inspection", "/good.att.html", true,
			"the main document was not shown: the response is a download (Content-Disposition: attachment; filename=good.att.html)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, home := t.TempDir(), t.TempDir()
			args := []string{"run", "--headless", "--portal", srv.URL + tc.path, "--timeout", "30s", "--no-axe"}
			if tc.noInspect {
				args = append(args, "--no-inspect")
			}
			r := runDemoEnv(dir, []string{"HOME=" + home}, args...)
			if r.err != nil {
				t.Fatalf("run mpsim: %v\nstderr:\n%s", r.err, tail(r.stderr))
			}
			_ = filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
				if err == nil && strings.Contains(d.Name(), "good.att") {
					t.Errorf("the download was saved: %s", path)
				}
				return nil
			})
			rep := r.rep
			if rep.Ended != session.EndedLoadFailed || rep.Verdict != bridge.VerdictNoCallback {
				t.Fatalf("ended %q, verdict %q after %s, want loadFailed, no-callback at once; findings %q\nstderr:\n%s",
					rep.Ended, rep.Verdict, r.took.Round(time.Millisecond), findingCodes(rep), tail(r.stderr))
			}
			if r.took > 20*time.Second {
				t.Errorf("the session took %s, want it to end at once, not near its 30 s timeout", r.took.Round(time.Millisecond))
			}
			if f := findingsOf(rep, bridge.CodePortalLoadFailed); len(f) != 1 || !strings.Contains(f[0], tc.want) || !strings.Contains(f[0], srv.URL+tc.path) {
				t.Errorf("portal-load-failed findings %q, want one of %s saying %q", f, srv.URL+tc.path, tc.want)
			}
			if f := findingsOf(rep, bridge.CodeHandbackMissing); len(f) != 0 {
				t.Errorf("handback-missing %q: the session did not wait for a hand-back", f)
			}
			if strings.Contains(tc.path, "att") && !tc.noInspect {
				if f := findingsOf(rep, bridge.CodeDownloadBlocked); len(f) != 1 {
					t.Errorf("download-blocked findings %q, want one", f)
				}
				for _, f := range findingsOf(rep, "policy-security-no-installs") {
					if strings.Contains(f, "(from )") {
						t.Errorf("policy-security-no-installs names no page it came from: %s", f)
					}
				}
			}
		})
	}
}

// findingCodes lists the codes of rep's findings.
func findingCodes(rep session.Report) []string {
	out := make([]string, 0, len(rep.Findings))
	for _, f := range rep.Findings {
		out = append(out, f.Code)
	}
	return out
}

// TestE2ENotShownLaterNavigation: in real WebKit, a loaded portal whose
// page then goes to a document the window does not show — a receipt
// served as application/octet-stream, a 204, an attachment — stays on its
// page, and the session goes on with a navigation-not-shown warning naming
// the URL and why; handback-missing names that navigation as the likely
// cause. A page served as text/plain is shown as text, running none of its
// scripts: handback-missing names that as the likely cause. Before, the
// navigation was only logged, and handback-missing said neither.
func TestE2ENotShownLaterNavigation(t *testing.T) {
	needE2E(t)
	const page = `<!doctype html><html lang="en-US"><head><title>Done</title></head><body><h1>Thank you</h1><a id="r" href="%s">Download your receipt</a>
<script>addEventListener('load', () => setTimeout(() => document.getElementById('r').click(), 300));</script></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/receipt.bin":
			w.Header().Set("Content-Type", "application/octet-stream")
			fmt.Fprint(w, "receipt")
		case "/receipt.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Disposition", "attachment; filename=receipt.html")
			fmt.Fprint(w, "<p>receipt</p>")
		case "/nothing":
			w.WriteHeader(http.StatusNoContent)
		case "/page.txt":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, "<!doctype html><script>DataMart.notifyPurchaseResult('{}')</script>")
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, page, r.URL.Query().Get("to"))
		}
	}))
	defer srv.Close()
	tests := []struct {
		name, to string
		why      string // in navigation-not-shown; "" when the page is shown
		cause    string // in handback-missing
	}{
		{"octet-stream", "/receipt.bin", "the response has the Content-Type application/octet-stream, which the WebView cannot show as a page",
			"The likely cause: the portal's last navigation, to " + srv.URL + "/receipt.bin, was not shown"},
		{"204", "/nothing", "the response is HTTP 204 No Content, which has no page to show",
			"The likely cause: the portal's last navigation, to " + srv.URL + "/nothing, was not shown"},
		{"attachment", "/receipt.html", "the response is a download (Content-Disposition: attachment; filename=receipt.html)",
			"The likely cause: the portal's last navigation, to " + srv.URL + "/receipt.html, was not shown"},
		{"text/plain", "/page.txt", "",
			"The likely cause: the page it was on, " + srv.URL + "/page.txt, was served as text/plain, not as HTML"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runDemoEnv(t.TempDir(), []string{"HOME=" + t.TempDir()}, "run", "--headless", "--portal", srv.URL+"/done?to="+tc.to, "--timeout", "6s", "--no-axe")
			if r.err != nil {
				t.Fatalf("run mpsim: %v\nstderr:\n%s", r.err, tail(r.stderr))
			}
			rep := r.rep
			if rep.Ended != session.EndedTimeout {
				t.Fatalf("ended %q, want timeout (the portal stayed open); findings %q\nstderr:\n%s", rep.Ended, findingCodes(rep), tail(r.stderr))
			}
			got := findingsOf(rep, bridge.CodeNavigationNotShown)
			switch {
			case tc.why == "" && len(got) != 0:
				t.Errorf("navigation-not-shown %q for a page WebKit showed", got)
			case tc.why != "" && (len(got) != 1 || !strings.Contains(got[0], srv.URL+tc.to+", and the WebView did not show it: "+tc.why) ||
				!strings.Contains(got[0], "The portal stayed on its page, "+srv.URL+"/done,")):
				t.Errorf("navigation-not-shown findings %q, want one naming %s, %q and the page it stayed on", got, srv.URL+tc.to, tc.why)
			}
			if f := findingsOf(rep, bridge.CodeHandbackMissing); len(f) != 1 || !strings.Contains(f[0], tc.cause) {
				t.Errorf("handback-missing %q, want it to say %q", f, tc.cause)
			}
		})
	}
}
