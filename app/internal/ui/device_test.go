package ui

import (
	"image/color"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// bottom is where o ends on its canvas.
func bottom(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y + o.Size().Height
}

// top is where o starts on its canvas.
func top(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
}

// textColours are the colours of the texts drawn under o.
func textColours(o fyne.CanvasObject) []color.Color {
	var out []color.Color
	switch v := o.(type) {
	case *canvas.Text:
		out = append(out, v.Color)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, textColours(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, textColours(c)...)
		}
	}
	return out
}

// The Device tab's rows follow the SIM kind picked: an eSIM with three
// profiles after the physical SIM (one Profiles line) pushes the LPA errors
// row, the note and the buttons down instead of running under them, and
// the physical SIM after it leaves no gap (found by exploratory QA). The
// note is readable in both themes.
func TestDeviceNoteFollowsTheSIMKind(t *testing.T) {
	for _, dark := range []bool{false, true} {
		s := newTestScreen(t, &sessiontest.FakeOpener{})
		s.SetDark(dark)
		d := s.deps.Workspace.SavedDevice()
		for _, iccid := range []string{"8988247000101820729", "8988247000124610891"} {
			if err := d.InstallProfile(simulator.Profile{ICCID: iccid, Operator: "Contoso Mobile"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.deps.Workspace.SaveDevice(d); err != nil {
			t.Fatal(err)
		}
		s.win.Resize(fyne.NewSize(1024, 600))
		s.device.sim.SetSelected(simLabel(simulator.KindPSIM))
		s.ShowTab(TabDevice)
		for _, kind := range []simulator.SIMKind{simulator.KindESIM, simulator.KindPSIM, simulator.KindNone, simulator.KindESIM} {
			s.device.sim.SetSelected(simLabel(kind))
			p := s.device
			// The last profile's line, not its container: the container kept
			// its old height while its lines ran over the rows below.
			lastProfile := p.profiles.Objects[len(p.profiles.Objects)-1]
			rows := []struct {
				name string
				o    fyne.CanvasObject
			}{{"the last profile", lastProfile}, {"LPA errors", p.lpa}, {"the note", p.note}, {"Regenerate", p.regen}}
			for i := 1; i < len(rows); i++ {
				above, below := rows[i-1], rows[i]
				if gap := top(below.o) - bottom(above.o); gap < 0 || gap > 2*theme.Padding()+1 {
					t.Errorf("dark=%v, %s: %s starts %.0f after %s ends, want 0 to %.0f", dark, kind, below.name, gap, above.name, 2*theme.Padding())
				}
			}
			if got, want := p.note.Size().Height, p.note.MinSize().Height; got < want {
				t.Errorf("dark=%v, %s: the note is %.0f high, its text %.0f", dark, kind, got, want)
			}
			if bottom(p.regen) > p.scroll.Content.Size().Height+top(p.scroll) {
				t.Errorf("dark=%v, %s: Regenerate is below the end of the scrolled card", dark, kind)
			}
			bg := s.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
			for _, c := range textColours(p.note) {
				if got := contrast(c, bg); got < 4.5 {
					t.Errorf("dark=%v, %s: the note's text is %.2f:1 on the background, want at least 4.5:1", dark, kind, got)
				}
			}
		}
	}
}

// readOnlyConfigDir makes dir a configuration directory the host cannot
// write in and returns the workspace.Options the host opens it with: as a
// user, mode 0555, found by workspace.ConfigDirToRead as the host finds
// it; as root, whom the mode does not stop, workspace.Options.ReadOnly,
// the workspace tests' way.
func readOnlyConfigDir(t *testing.T, dir string) workspace.Options {
	t.Helper()
	if os.Geteuid() == 0 {
		return workspace.Options{ReadOnly: true}
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	t.Setenv(workspace.ConfigDirEnv, dir)
	got, ro, err := workspace.ConfigDirToRead()
	if err != nil || got != dir || ro == nil {
		t.Fatalf("ConfigDirToRead = %q, %v, %v; want %q, not writable", got, ro, err, dir)
	}
	return workspace.Options{Unwritable: ro}
}

// On a configuration directory the host cannot write in, the Device tab's
// Regenerate and Clear LPA errors, which save the device, are off, and the
// note above them says that the device cannot be saved and why, which
// device it shows (the one read there or one generated for the window)
// and that the sessions' changes to it last until the window closes:
// tapping them changes nothing and opens nothing. Before, both were on,
// and each tap put "save device: configuration directory … is not
// writable" in the note, for what the host had said it would not do.
func TestDeviceOnAReadOnlyConfigDir(t *testing.T) {
	tests := []struct {
		name  string
		saved bool     // a device with an LPA error is saved before the directory is read-only
		says  []string // in the note, besides the reason
	}{
		{"a saved device", true, []string{"This is the device read there (device.json)", "last until the window closes"}},
		{"no device", false, []string{"This device was generated for this window", "last until the window closes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.saved {
				h, err := workspace.Open(dir, workspace.Options{})
				if err != nil {
					t.Fatal(err)
				}
				d := h.SavedDevice()
				if err := d.RecordLPAError(simulator.DemoOperatorName, "ServerFailure", "", time.Now()); err != nil {
					t.Fatal(err)
				}
				if err := h.SaveDevice(d); err != nil {
					t.Fatal(err)
				}
				_ = h.Close()
			}
			opts := readOnlyConfigDir(t, dir)
			h, err := workspace.Open(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = h.Close() })
			s := newTestScreenWith(t, &sessiontest.FakeOpener{}, func(d *Deps) {
				d.Workspace = workspace.Runner{Workspace: h, Opener: d.Workspace.(workspace.Runner).Opener}
			})
			s.ShowTab(TabDevice)
			p := s.device
			before := h.SavedDevice()
			files := dirFiles(t, dir)
			note := p.note.Text
			if tc.saved && !strings.Contains(p.lpa.Text, "ServerFailure") {
				t.Errorf("the LPA errors row says %q, want the saved ServerFailure", p.lpa.Text)
			}
			want := append([]string{"The device cannot be saved: configuration directory " + dir + " is not writable: ", "Regenerate, Clear LPA errors and Remove are off: they save the device."}, tc.says...)
			for _, w := range want {
				if !strings.Contains(note, w) {
					t.Errorf("the note says %q, want it to say %q", note, w)
				}
			}
			removes := profileButtons(p)
			if len(removes) == 0 {
				t.Error("the profiles have no Remove button")
			}
			for _, b := range append([]*widget.Button{p.regen, p.clearLPA}, removes...) {
				if !b.Disabled() {
					t.Errorf("%s is on", b.Text)
				}
				test.Tap(b)
				if got := h.SavedDevice(); !reflect.DeepEqual(got, before) {
					t.Errorf("after %s the device is %+v, want %+v", b.Text, got, before)
				}
				if p.note.Text != note {
					t.Errorf("after %s the note says %q, want %q", b.Text, p.note.Text, note)
				}
				if o := s.win.Canvas().Overlays().Top(); o != nil {
					t.Errorf("after %s the window shows %T", b.Text, o)
				}
			}
			if got := dirFiles(t, dir); !slices.Equal(got, files) {
				t.Errorf("the directory holds %v, want %v", got, files)
			}
			// A per-session view of another SIM kind is not saved either,
			// and Regenerate does not say it would save one.
			p.sim.SetSelected(simLabel(simulator.KindPSIM))
			if n := p.note.Text; !strings.Contains(n, "per-session view of the eSIM device") || !strings.Contains(n, "cannot be saved") || strings.Contains(n, "Regenerate saves") {
				t.Errorf("the note on a per-session view says %q", n)
			}
			if !p.regen.Disabled() || !p.clearLPA.Disabled() {
				t.Error("a button that saves the device is on for a per-session view")
			}
		})
	}
}

// dirFiles are the names of the files in dir.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
