package session

import (
	"fmt"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/simulator/walledgarden"
)

// TestWalledGardenFindingCapsItsHosts is QA hostile2: a page that loaded
// from 2,999 outside hosts got a walled-garden-blocked finding naming every
// one (68 KB). It names the first ten and says how many more; a user name
// before an '@' in a blocked URL is never taken for its host.
func TestWalledGardenFindingCapsItsHosts(t *testing.T) {
	cfg := Config{WalledGarden: walledgarden.For("127.0.0.1")}
	for _, tc := range []struct {
		name  string
		urls  []string
		want  []string
		avoid []string
	}{
		{"a user name is no host", []string{"http://127.0.0.1:x@evil.example/img", "http://login.live.com@evil2.example/s.js"},
			[]string{"2 requests to evil.example, evil2.example ("}, []string{"to 127.0.0.1", "login.live.com,"}},
		{"many hosts", hostURLs(2999), []string{"2999 requests to h0.example, h1.example,", "h9.example and 2989 more hosts"}, []string{"h10.example", "h2998.example"}},
		{"ten hosts", hostURLs(10), []string{"to h0.example,", ", h9.example ("}, []string{"more hosts"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var network []inspect.Request
			for i, u := range tc.urls {
				network = append(network, inspect.Request{ID: i + 1, Method: "GET", URL: u, Blocked: true})
			}
			fs := walledGardenFindings(network, cfg)
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1", len(fs))
			}
			msg := fs[0].Message
			if len(msg) > 2000 {
				t.Errorf("message of %d bytes", len(msg))
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message does not say %q: %s", w, msg)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(msg, a) {
					t.Errorf("message says %q: %s", a, msg)
				}
			}
		})
	}
}

func hostURLs(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("http://h%d.example/x", i))
	}
	return out
}

// TestWalledGardenRedirectedRequest is QA hostile2: a fetch of the
// portal's own /redir-out, which redirected outside the walled garden, was
// only "request-failed: GET …/redir-out failed: The URL was blocked by a
// content blocker", naming the portal's URL and no walled garden. Both
// findings now say the garden refused its redirect.
func TestWalledGardenRedirectedRequest(t *testing.T) {
	cfg := Config{WalledGarden: walledgarden.For("portal.localhost")}
	q := inspect.Request{ID: 2, Method: "GET", URL: "http://portal.localhost:18941/redir-out", Type: inspect.TypeFetch,
		Failed: "The URL was blocked by a content blocker"}
	fs := walledGardenFindings([]inspect.Request{q}, cfg)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "redirected outside it (the first: http://portal.localhost:18941/redir-out)") {
		t.Errorf("walled-garden findings %+v, want one about the refused redirect", fs)
	}
	nf := networkFindings([]inspect.Request{q}, "")
	if len(nf) != 1 || !strings.Contains(nf[0].Message, "the walled garden: it was redirected to a host outside it") {
		t.Errorf("request-failed findings %+v, want one that names the walled garden", nf)
	}
}
