package window

import (
	"bytes"
	"encoding/json"
	iofs "io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/window/webkit"
	"mpsim/assets"
	"mpsim/simulator"
)

// A load WebKit refuses before it starts has no network signal: QA saw a
// mixed-content iframe, a load to a port browsers refuse (:6000) and a
// load the page's Content-Security-Policy refused leave no network entry
// at all. Each is now a failed request (status 0) that says why, filed
// under the page that asked for it; a load that did start (a top-level
// navigation to http) has its own record and no second one.
func TestLoadsRefusedBeforeTheyStart(t *testing.T) {
	const (
		page   = "https://portal.example/plans"
		plain  = "http://portal.example/frame"
		port   = "https://portal.example:6000/api"
		img    = "https://cdn.example/logo.png"
		policy = `img-src of the policy "img-src 'self'"`
	)
	type msg struct{ kind, level, text, source string }
	for _, tc := range []struct {
		name    string
		msgs    []msg
		decide  string // a navigation WebKit asks about
		started string // a request of this URL starts
		want    []string
	}{
		{name: "a fetch to a bad port", msgs: []msg{{"port", "fetch", port, ""}},
			want: []string{"fetch " + port + " port blocked: portal.example:6000: port 6000 is one browsers refuse"}},
		{name: "an image to a bad port", msgs: []msg{{"port", "img", port, ""}},
			want: []string{"image " + port + " port blocked: portal.example:6000: port 6000"}},
		{name: "a port browsers connect to is no refusal", msgs: []msg{{"port", "fetch", "https://portal.example:8443/api", ""}}},
		{name: "an image the policy refused", msgs: []msg{{"csp", "img-src", img, policy}},
			want: []string{"image " + img + " content-security-policy blocked by the page's Content-Security-Policy (directive " + policy + ")"}},
		{name: "a fetch the policy refused", msgs: []msg{{"csp", "connect-src", port, "connect-src of the policy \"connect-src 'self'\""}, {"port", "fetch", port, ""}},
			want: []string{"fetch " + port + " content-security-policy blocked by the page's Content-Security-Policy (directive connect-src"}},
		{name: "the policy's refusal of something else", msgs: []msg{{"csp", "script-src", "inline", policy}}},
		{name: "a mixed-content iframe", decide: plain,
			want: []string{"document " + plain + " mixed blocked as mixed content: an https page (" + page + ") cannot load plain http in a frame"}},
		{name: "a top-level navigation to http", decide: plain, started: plain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.p.loopDone = true
			r.onTopLoad(webkit.LoadStarted, page)
			r.onTopLoad(webkit.LoadCommitted, page)
			r.p.committed = true
			for _, m := range tc.msgs {
				b, _ := json.Marshal(map[string]any{"t": string(r.token), "k": m.kind, "l": m.level, "x": m.text, "s": m.source, "f": page, "top": true})
				r.onMessage(string(b))
			}
			if tc.decide != "" {
				r.onDecide(webkit.PolicyNavigation, tc.decide, 0, false)
			}
			if tc.started != "" {
				r.onStarted(9, "GET", tc.started, nil, true)
				r.onDone(9, "", false, false)
			}
			r.releaseMixed(time.Now().Add(2 * hintWait))
			var got []string
			for _, q := range sentRequests(t, &out) {
				if q.Main {
					continue
				}
				kind := q.Refused
				if q.MixedContent {
					kind = "mixed"
				}
				got = append(got, q.Type+" "+q.URL+" "+kind+" "+q.Failed)
				if q.Status != 0 || q.Frame != page || !q.TopFrame || q.Method != "GET" {
					t.Errorf("%s: status %d, frame %q (top %v), method %s; want no status, the page's frame, GET", q.URL, q.Status, q.Frame, q.TopFrame, q.Method)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("record %q, want it to start %q", got[i], tc.want[i])
				}
			}
		})
	}
}

// The inspection script's list of the ports browsers refuse is the
// simulator's (the Fetch standard's bad ports).
func TestBadPortsAreTheSimulators(t *testing.T) {
	b, err := iofs.ReadFile(assets.FS(), "inspect/inspect.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)var BAD_PORTS = \[([^\]]*)\]`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no BAD_PORTS in inspect.js")
	}
	script := map[int]bool{}
	for _, f := range strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("BAD_PORTS holds %q", f)
		}
		script[n] = true
	}
	for p := 1; p <= 65535; p++ {
		_, bad := simulator.BlockedPort(&url.URL{Scheme: "https", Host: "h:" + strconv.Itoa(p)})
		if bad != script[p] || bad != slices.Contains(badPorts, p) {
			t.Errorf("port %d: the simulator blocks it %v, the script %v, the window %v", p, bad, script[p], slices.Contains(badPorts, p))
		}
	}
}
