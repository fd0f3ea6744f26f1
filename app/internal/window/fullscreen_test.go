package window

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// HTML fullscreen is recorded as a navigation record of the page shown:
// the URL the recorder follows (a route the page pushed included), the
// view's URI before any page committed, nothing without inspection.
func TestFullscreenIsRecorded(t *testing.T) {
	const page = "https://portal.example/plans"
	type change struct {
		enter bool
		uri   string // the view's URI WebKit gives
	}
	tests := []struct {
		name    string
		inspect bool
		commit  bool   // a page committed before
		route   string // the page's pushState before, if any
		changes []change
		want    []string
	}{
		{
			name: "enter and leave", inspect: true, commit: true,
			changes: []change{{true, page}, {false, page}},
			want:    []string{"fullscreen-enter " + page + " < ", "fullscreen-leave " + page + " < "},
		},
		{
			name: "the page's route", inspect: true, commit: true, route: page + "/video",
			changes: []change{{true, page}},
			want:    []string{"fullscreen-enter " + page + "/video < "},
		},
		{
			name: "no page committed yet", inspect: true,
			changes: []change{{true, "about:blank"}},
			want:    []string{"fullscreen-enter about:blank < "},
		},
		{
			name: "no inspection", inspect: false, commit: true,
			changes: []change{{true, page}, {false, page}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			p := &portal{started: time.Now(), w: ipc.NewWriter(&out), lim: newLimits(ipc.StartSpec{})}
			if tc.inspect {
				p.rec = newRecorder(p, "")
				if tc.commit {
					p.rec.onTopLoad(webkit.LoadStarted, page)
					p.rec.onTopLoad(webkit.LoadCommitted, page)
				}
				if tc.route != "" {
					p.rec.onURI(tc.route)
				}
			}
			for _, c := range tc.changes {
				p.onFullscreen(c.enter, c.uri)
			}
			var got []string
			for _, n := range sentNavigations(t, &out) {
				if strings.HasPrefix(n, "fullscreen") {
					got = append(got, n)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("fullscreen records %q, want %q", got, tc.want)
			}
		})
	}
}

// A page that enters and leaves fullscreen again and again gets
// maxFullscreenRecords records; the others are counted as navigations not
// kept, and leave room in the navigation log for its page loads.
func TestFullscreenRecordsAreCapped(t *testing.T) {
	const page = "https://portal.example/plans"
	var out bytes.Buffer
	r := newTestRecorder(&out)
	r.onTopLoad(webkit.LoadStarted, page)
	r.onTopLoad(webkit.LoadCommitted, page)
	const toggles = maxFullscreenRecords + 30
	for i := 0; i < toggles; i++ {
		r.onFullscreen(i%2 == 0, page)
	}
	r.onTopLoad(webkit.LoadStarted, page+"/next")
	navs := sentNavigations(t, &out)
	if len(navs) != 1+maxFullscreenRecords+1 {
		t.Errorf("%d navigations sent, want the load, %d fullscreen records and the next load", len(navs), maxFullscreenRecords)
	}
	if last := navs[len(navs)-1]; last != fmt.Sprintf("navigate %s/next < %s", page, page) {
		t.Errorf("the last navigation is %q, want the next page load", last)
	}
	drops, _ := r.p.lim.changed()
	if drops.Navigations != toggles-maxFullscreenRecords {
		t.Errorf("%d navigations counted as not kept, want %d", drops.Navigations, toggles-maxFullscreenRecords)
	}
}
