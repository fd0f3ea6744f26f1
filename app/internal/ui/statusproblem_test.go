package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
)

// The status line's problem with a field of the form goes once the field
// is put right, and follows the field while it is still wrong: before, an
// Open refused for a Portal URL that was no URL stayed in the line after
// the URL was fixed, until something else was said (found by GUI QA). A
// line that has said something else since is left alone.
func TestStatusLineFollowsTheFieldsProblem(t *testing.T) {
	const ready = "Ready." // the line before any news
	long := strings.Repeat("a", 65)
	for _, tc := range []struct {
		name string
		// spoil makes a field wrong and does what shows its problem.
		spoil func(s statusScreen)
		want  string // in the status line then
		// fix puts it right, or changes it to another problem.
		fix      func(s statusScreen)
		wantThen string // the status line after fix
	}{
		{"portal URL", func(s statusScreen) { s.portalField().SetText("ftp://portal.example/"); test.Tap(s.openBtn) }, "Portal URL: use https://",
			func(s statusScreen) { s.portalField().SetText("https://portal.example/") }, ready},
		{"transactionId", func(s statusScreen) { s.launch.txEntry.SetText(long); s.Open() }, "transactionId: 65 characters",
			func(s statusScreen) { s.launch.txEntry.SetText("tx-1") }, ready},
		{"one of two problems put right", func(s statusScreen) {
			s.portalField().SetText("ftp://portal.example/")
			s.launch.txEntry.SetText(long)
			s.Open()
		}, "Portal URL: use https://",
			func(s statusScreen) { s.portalField().SetText("") }, "transactionId: 65 characters"},
		{"trust cert", func(s statusScreen) {
			_ = s.launch.trustCert.Set(filepath.Join(s.dir, "missing.pem"))
			s.Open()
		}, "trust cert:",
			func(s statusScreen) { _ = s.launch.trustCert.Set("") }, ready},
		{"watch without a folder", func(s statusScreen) { s.launch.watchOn.SetChecked(true) }, "Watch: give your portal's folder or URL first",
			func(s statusScreen) { _ = s.launch.watchTarget.Set(s.dir) }, ready},
		{"the line said something else since", func(s statusScreen) {
			s.portalField().SetText("ftp://portal.example/")
			s.Open()
			s.status.SetText("DevTools on.")
		}, "DevTools on.",
			func(s statusScreen) { s.portalField().SetText("") }, "DevTools on."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := statusScreen{newTestScreen(t, &sessiontest.FakeOpener{}), t.TempDir()}
			tc.spoil(s)
			if got := s.status.Text; !strings.HasPrefix(got, tc.want) {
				t.Fatalf("status %q, want it to start with %q", got, tc.want)
			}
			tc.fix(s)
			if got := s.status.Text; !strings.HasPrefix(got, tc.wantThen) || got != tc.wantThen && tc.wantThen == ready {
				t.Errorf("after the fix the status is %q, want %q", got, tc.wantThen)
			}
			if len(s.opener.Windows()) != 0 {
				t.Errorf("%d portal windows opened", len(s.opener.Windows()))
			}
		})
	}
}

// statusScreen is a test screen with a folder of the test's.
type statusScreen struct {
	testScreen
	dir string
}

// portalField is the Portal URL field, typed into as the user does
// (setting its binding reaches the field and the form in either order).
func (s statusScreen) portalField() *shortcutEntry { return s.launch.fieldErrs[0] }
