package audit

import (
	"testing"

	"mpsim/app/internal/inspect"
)

// TestNavigationCount: the no-pop-ups note counts the page's route changes
// apart, so that "12 navigations" does not read as twelve page loads when
// eleven were pushState calls of a single-page app, nor counts the page's
// HTML fullscreen, which the navigation records carry too.
func TestNavigationCount(t *testing.T) {
	top := inspect.Navigation{Kind: inspect.NavTopFrame}
	same := inspect.Navigation{Kind: inspect.NavSameDocument}
	enter, leave := inspect.Navigation{Kind: inspect.NavFullscreenEnter}, inspect.Navigation{Kind: inspect.NavFullscreenLeave}
	for _, tc := range []struct {
		name string
		navs []inspect.Navigation
		want string
	}{
		{"none", nil, "0 navigations"},
		{"one load", []inspect.Navigation{top}, "1 navigation"},
		{"loads only", []inspect.Navigation{top, top}, "2 navigations"},
		{"a single-page app", []inspect.Navigation{top, same, same}, "3 navigations (2 of them in the page: pushState, replaceState or a fragment)"},
		{"fullscreen is not a navigation", []inspect.Navigation{top, enter, leave}, "1 navigation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := navigationCount(tc.navs); got != tc.want {
				t.Errorf("navigationCount = %q, want %q", got, tc.want)
			}
		})
	}
}
