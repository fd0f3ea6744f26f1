package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// A portal whose entry URL sets a session cookie and answers 303 to a
// sign-in page, which is slow and sets a persistent cookie, as QA's
// multi-page portal does. WebKit reports no Set-Cookie response header, so
// security-logout saw no cookie ("no Set-Cookie header and no sign-out
// request recorded"); the window now reads its cookie jar at each probe and
// the evidence lists both cookies with their attributes, never their
// values. usability-load measured the 303 hop ("1 requests, 0 bytes,
// 1 ms"); it now names the sign-in page and times it from the launch.
func TestE2ECookieJarAndRedirectedEntry(t *testing.T) {
	needE2E(t)
	const signInDelay = 700 * time.Millisecond
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		t.Fatal(err)
	}
	sid, remember := hex.EncodeToString(secret), "remember-"+hex.EncodeToString(secret[:4])
	signIn := `<!doctype html><html><body><h1>Sign in</h1><script>` + handBackJS + `</script></body></html>`
	cert := startTestPortal(t, map[string]string{})
	base := startHandlerPortal(t, "127.0.0.1", cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Add("Set-Cookie", "sid="+sid+"; Path=/; HttpOnly; Secure; SameSite=Lax")
			http.Redirect(w, r, "/login?"+r.URL.RawQuery, http.StatusSeeOther)
		case "/login":
			time.Sleep(signInDelay)
			w.Header().Add("Set-Cookie", "remember="+remember+"; Path=/; Max-Age=86400; Secure")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, signIn)
		default:
			http.NotFound(w, r)
		}
	}))
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", cert.certPath, "--timeout", "40s")
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q, want handBack\nstderr:\n%s", rep.Ended, tail(stderr))
	}
	host := strings.TrimSuffix(strings.TrimPrefix(base, "https://"), "/")
	host = host[:strings.LastIndex(host, ":")]
	wantPolicy(t, rep, "security-logout", "manual",
		"sid for "+host+"/ (HttpOnly; Secure; SameSite=Lax; session cookie, kept until the WebView is gone; value of 32 bytes, not recorded)",
		"remember for "+host+"/ (Secure; SameSite=",
		"persistent, expires ")
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{sid, remember} {
		if strings.Contains(string(data), v) {
			t.Errorf("the report holds a cookie's value %q", v)
		}
	}
	var read bool
	for _, p := range rep.Probes {
		read = read || (p.Label == "handback" && p.CookiesRead && len(p.Cookies) == 2)
	}
	if !read {
		t.Errorf("the hand-back probe did not record the two cookies: %+v", rep.Probes)
	}

	wantPolicy(t, rep, "usability-load", "pass",
		"first page shown "+base+"login, reached from the launch's "+base+" through 1 redirect(s) ("+base+" 303): ")
	load := policyOf(t, rep, "usability-load")
	re := regexp.MustCompile(`first-screen load time (\d+) ms`)
	for _, e := range load.Evidence {
		if m := re.FindStringSubmatch(e); m != nil {
			// The sign-in page answers after signInDelay at the earliest: the
			// load time is at least that (a lower bound, not a timing).
			if ms, _ := strconv.Atoi(m[1]); ms < int(signInDelay.Milliseconds()) {
				t.Errorf("first-screen load time %d ms, want at least the sign-in page's %s", ms, signInDelay)
			}
		}
	}
}
