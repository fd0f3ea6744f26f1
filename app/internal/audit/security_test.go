package audit

import (
	"slices"
	"strings"
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

// A download or app-store link says which page it came from; one with no
// such page (the portal's own first page, or a redirect of it, was the
// download: the top frame had shown nothing yet) says so. Before, its
// evidence read "download of https://…/good.att.html?… (from ); blocked
// by mpsim" (QA).
func TestNoInstallsSaysWhereTheDownloadCameFrom(t *testing.T) {
	const firstPage = " (the portal's own navigation, before any page had loaded: its first page, or a redirect of it)"
	for _, c := range []struct {
		name string
		nav  inspect.Navigation
		want string
	}{
		{"the first page is the download",
			inspect.Navigation{Kind: inspect.NavDownload, URL: "https://portal.example/good.att.html?imei=1", Blocked: true},
			"download of https://portal.example/good.att.html?imei=1" + firstPage + "; blocked by mpsim"},
		{"a page's download",
			inspect.Navigation{Kind: inspect.NavDownload, URL: "https://portal.example/helper.zip", From: "https://portal.example/mp?imei=1", Blocked: true},
			"download of https://portal.example/helper.zip (from https://portal.example/mp); blocked by mpsim"},
		{"the first page redirects to the store",
			inspect.Navigation{Kind: inspect.NavScheme, URL: "ms-windows-store://pdp/?productid=9X", Blocked: true},
			"navigation to the app store or installer link ms-windows-store://pdp/?productid=9X" + firstPage + "; blocked by mpsim"},
		{"a page's store link",
			inspect.Navigation{Kind: inspect.NavScheme, URL: "ms-windows-store://pdp/?productid=9X", From: "https://portal.example/mp"},
			"navigation to the app store or installer link ms-windows-store://pdp/?productid=9X (from https://portal.example/mp)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good()
			in.Navigations = append(in.Navigations, c.nav)
			p := find(t, Evaluate(in), "security-no-installs")
			if p.Status != StatusFail || !slices.Contains(p.Evidence, c.want) {
				t.Errorf("%s %q, want fail with %q", p.Status, p.Evidence, c.want)
			}
			for _, e := range p.Evidence {
				if strings.Contains(e, "(from )") {
					t.Errorf("evidence %q names no page it came from", e)
				}
			}
		})
	}
}
