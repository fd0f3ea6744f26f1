package window

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

func TestClassifyURI(t *testing.T) {
	const page = "https://portal.example/app/plans?market=US"
	for _, tc := range []struct {
		name, top, uri string
		provisional    bool
		want           uriChange
	}{
		{"pushState", page, "https://portal.example/app/checkout", false, uriSameDocument},
		{"fragment", page, page + "#pay", false, uriSameDocument},
		{"replaceState to the same URL", page, page, false, uriIgnore},
		{"a load that has not committed", page, "https://pay.example/provider.html", true, uriIgnore},
		{"a same-origin load that has not committed", page, "https://portal.example/done", true, uriIgnore},
		{"before the first commit", "", page, false, uriIgnore},
		{"no URI", page, "", false, uriIgnore},
		{"another origin outside a load", page, "https://pay.example/provider.html", false, uriAdopt},
		{"another port", page, "https://portal.example:8443/app", false, uriAdopt},
		{"about:blank has no origin", "about:blank", "about:blank#x", false, uriAdopt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := classifyURI(tc.top, tc.uri, tc.provisional); got != tc.want {
				t.Errorf("classifyURI(%q, %q, %v) = %d, want %d", tc.top, tc.uri, tc.provisional, got, tc.want)
			}
		})
	}
}

func TestTopLoadURL(t *testing.T) {
	const route = "https://portal.example/app/checkout"
	for _, tc := range []struct {
		name, uri, top, asked, want string
	}{
		{"the page navigated from its route", route, route, "https://pay.example/p", "https://pay.example/p"},
		{"the first load", "https://portal.example/", "", "", "https://portal.example/"},
		{"the first load, asked about", "https://portal.example/", "", "https://portal.example/", "https://portal.example/"},
		{"the view has the load's URL", "https://pay.example/p", route, "https://pay.example/p", "https://pay.example/p"},
		{"nothing asked", route, route, "", route},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := topLoadURL(tc.uri, tc.top, tc.asked); got != tc.want {
				t.Errorf("topLoadURL(%q, %q, %q) = %q, want %q", tc.uri, tc.top, tc.asked, got, tc.want)
			}
		})
	}
}

// navStep is one WebKit event a recorder test replays: a navigation
// decision (decide), a load event (load, with the view's URI) or a change
// of the view's URI (uri).
type navStep struct {
	decide string
	load   int
	uri    string
}

func decided(uri string) navStep        { return navStep{decide: uri, load: -1} }
func loadEv(ev int, uri string) navStep { return navStep{load: ev, uri: uri} }
func uriTo(uri string) navStep          { return navStep{load: -1, uri: uri} }

// newTestRecorder is a recorder whose portal writes its messages to out.
func newTestRecorder(out *bytes.Buffer) *recorder {
	// No GTK loop runs here (loopDone): the hint timer a test arms fires
	// hintWait later, maybe during another test, and must not dispatch to
	// a view there is none of (it did, a nil pointer, once the package's
	// tests took longer than hintWait: go test -short -count=20).
	p := &portal{started: time.Now(), w: ipc.NewWriter(out), lim: newLimits(ipc.StartSpec{}), loopDone: true}
	return newRecorder(p, "")
}

// sentNavigations are the navigation records in the messages of out, one
// line each: "kind url < from".
func sentNavigations(t *testing.T, out *bytes.Buffer) []string {
	t.Helper()
	var navs []string
	for _, m := range sentMessages(t, out) {
		if m.Type == ipc.TypeNavigation && m.Navigation != nil {
			navs = append(navs, fmt.Sprintf("%s %s < %s", m.Navigation.Kind, m.Navigation.URL, m.Navigation.From))
		}
	}
	return navs
}

func TestRecorderFollowsSameDocumentNavigations(t *testing.T) {
	const (
		launch = "https://portal.example/app/plans?market=US"
		route  = "https://portal.example/app/checkout"
		pay    = "https://pay.example/provider.html?ref=1"
	)
	for _, tc := range []struct {
		name    string
		steps   []navStep
		want    []string
		wantTop string
	}{
		{
			// WebKit's order: the load starts with the view's URI still
			// the route, then the URI becomes the load's, then it commits.
			name: "a page load from a pushState route",
			steps: []navStep{loadEv(webkit.LoadStarted, launch), uriTo(launch), loadEv(webkit.LoadCommitted, launch), uriTo(launch),
				uriTo(route), uriTo(route + "#pay"), decided(pay), loadEv(webkit.LoadStarted, route+"#pay"), uriTo(pay),
				loadEv(webkit.LoadCommitted, pay), uriTo(pay)},
			want: []string{"navigate " + launch + " < ", "same-document " + route + " < " + launch,
				"same-document " + route + "#pay < " + route, "navigate " + pay + " < " + route + "#pay"},
			wantTop: pay,
		},
		{
			name: "a load that fails keeps the page it left",
			steps: []navStep{loadEv(webkit.LoadStarted, launch), loadEv(webkit.LoadCommitted, launch), decided(pay),
				loadEv(webkit.LoadStarted, launch), uriTo(pay), loadEv(webkit.LoadFinished, pay), uriTo(launch), uriTo(route)},
			want:    []string{"navigate " + launch + " < ", "navigate " + pay + " < " + launch, "same-document " + route + " < " + launch},
			wantTop: route,
		},
		{
			name: "WebKit's error page under another origin is no navigation of the page",
			steps: []navStep{loadEv(webkit.LoadStarted, launch), loadEv(webkit.LoadCommitted, launch), decided(pay),
				loadEv(webkit.LoadStarted, launch), loadEv(webkit.LoadFinished, pay), uriTo(pay)},
			want:    []string{"navigate " + launch + " < ", "navigate " + pay + " < " + launch},
			wantTop: pay,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			for _, s := range tc.steps {
				switch {
				case s.decide != "":
					r.onDecide(webkit.PolicyNavigation, s.decide, 5, false)
				case s.load >= 0:
					r.onTopLoad(s.load, s.uri)
				default:
					r.onURI(s.uri)
				}
			}
			if got := sentNavigations(t, &out); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("navigations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if r.topURI != tc.wantTop {
				t.Errorf("the page's URL is %q, want %q", r.topURI, tc.wantTop)
			}
		})
	}
}

// A page that calls pushState in a loop records maxSameDocument route
// changes; the others are counted as navigations not kept, and the page's
// URL is still the last one.
func TestSameDocumentNavigationsAreCapped(t *testing.T) {
	const page = "https://portal.example/app"
	var out bytes.Buffer
	r := newTestRecorder(&out)
	r.onTopLoad(webkit.LoadStarted, page)
	r.onTopLoad(webkit.LoadCommitted, page)
	const loops = maxSameDocument + 50
	for i := 1; i <= loops; i++ {
		r.onURI(fmt.Sprintf("%s/route/%d", page, i))
	}
	navs := sentNavigations(t, &out)
	if len(navs) != 1+maxSameDocument {
		t.Errorf("%d navigations sent, want the load and %d route changes", len(navs), maxSameDocument)
	}
	drops, _ := r.p.lim.changed()
	if drops.Navigations != loops-maxSameDocument {
		t.Errorf("%d navigations counted as not kept, want %d", drops.Navigations, loops-maxSameDocument)
	}
	if want := fmt.Sprintf("%s/route/%d", page, loops); r.topURI != want {
		t.Errorf("the page's URL is %q, want %q", r.topURI, want)
	}
}
