package audit

import (
	"slices"
	"testing"

	"mpsim/app/internal/inspect"
)

// A request blocked as mixed content says "on loopback too" only when its
// host is loopback: http://cdn.contoso-mobile.example/site.css is not (QA).
func TestMixedContentSaysLoopbackOnlyForLoopback(t *testing.T) {
	const page = "the https page https://portal.example/mp cannot load plain http"
	for _, c := range []struct{ url, want string }{
		{"http://cdn.contoso-mobile.example/site.css", "request #6 GET http://cdn.contoso-mobile.example/site.css was blocked as mixed content: " + page},
		{"http://127.0.0.1:8601/api/plans?imei=1", "request #6 GET http://127.0.0.1:8601/api/plans was blocked as mixed content: " + page + ", on loopback too"},
		{"http://localhost:8601/app.js", "request #6 GET http://localhost:8601/app.js was blocked as mixed content: " + page + ", on loopback too"},
		{"http://[::1]:8601/app.js", "request #6 GET http://[::1]:8601/app.js was blocked as mixed content: " + page + ", on loopback too"},
		{"ws://push.example/live", "request #6 GET ws://push.example/live was blocked as mixed content: " + page},
	} {
		t.Run(c.url, func(t *testing.T) {
			in := good()
			in.Network = append(in.Network, inspect.Request{ID: 6, Method: "GET", URL: c.url, Frame: "https://portal.example/mp?imei=1",
				MixedContent: true, Failed: "blocked as mixed content"})
			p := find(t, Evaluate(in), "security-https")
			if p.Status != StatusFail || !slices.Contains(p.Evidence, c.want) {
				t.Errorf("%s %q, want fail with %q", p.Status, p.Evidence, c.want)
			}
		})
	}
}
