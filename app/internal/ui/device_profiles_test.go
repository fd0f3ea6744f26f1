package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// profileButtons are the Remove buttons of the Device tab's Profiles row.
func profileButtons(p *devicePanel) []*widget.Button {
	var out []*widget.Button
	for _, o := range p.profiles.Objects {
		if c, ok := o.(*fyne.Container); ok {
			for _, w := range c.Objects {
				if b, ok := w.(*widget.Button); ok {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

// profileText is what the Device tab's Profiles row says.
func profileText(p *devicePanel) string {
	var lines []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			lines = append(lines, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(p.profiles)
	return strings.Join(lines, "\n")
}

// The Device tab says how full the eSIM is and removes a profile, as
// `mpsim device remove-profile --iccid` does: with the eSIM at 8 of 8 a
// purchase's download fails, and the tab listed the profiles with neither
// (found by exploratory QA).
func TestDeviceShowsCapacityAndRemovesAProfile(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	d := s.deps.Workspace.SavedDevice()
	if d.Kind != simulator.KindESIM {
		t.Fatalf("the saved device is %s", d.Kind)
	}
	for i := 0; d.ProfileCount() < simulator.ProfileCapacity; i++ {
		if err := d.InstallProfile(simulator.Profile{ICCID: fmt.Sprintf("89882470001018207%02d", i), Operator: "Contoso Mobile"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.deps.Workspace.SaveDevice(d); err != nil {
		t.Fatal(err)
	}
	s.refresh()
	s.ShowTab(TabDevice)
	p := s.device
	want := fmt.Sprintf("it holds %d of its %d profiles — full", simulator.ProfileCapacity, simulator.ProfileCapacity)
	if text := profileText(p); !strings.Contains(text, want) {
		t.Fatalf("the Profiles row says:\n%s\nwant %q", text, want)
	}
	buttons := profileButtons(p)
	if len(buttons) != len(d.Profiles) {
		t.Fatalf("%d Remove buttons for %d profiles", len(buttons), len(d.Profiles))
	}
	gone := d.Profiles[0].ICCID
	test.Tap(buttons[0])
	after := s.deps.Workspace.SavedDevice()
	if after.ProfileCount() != simulator.ProfileCapacity-1 {
		t.Fatalf("after Remove the eSIM holds %d profiles, want %d", after.ProfileCount(), simulator.ProfileCapacity-1)
	}
	for _, pr := range after.Profiles {
		if pr.ICCID == gone {
			t.Errorf("profile %s is still saved", gone)
		}
	}
	text := profileText(p)
	if strings.Contains(text, gone) || strings.Contains(text, "full") {
		t.Errorf("after Remove the Profiles row says:\n%s\nwant neither %s nor full", text, gone)
	}
}

// Remove and Clear LPA errors change the device file as it is now, under
// its lock: a change another process saved after this window last read it
// (a session of mpsim run finishing) is kept. Before, they saved the
// window's own copy over it.
func TestDeviceChangesKeepAnotherProcesssChange(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.ShowTab(TabDevice)
	dir := filepath.Dir(s.deps.Workspace.DevicePath())
	other, err := workspace.Open(dir, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	const added = "8988247000101820799"
	if _, err := other.UpdateDevice(func(d *simulator.Device) error {
		return d.InstallProfile(simulator.Profile{ICCID: added, Operator: "Contoso Mobile"})
	}); err != nil {
		t.Fatal(err)
	}
	buttons := profileButtons(s.device)
	if len(buttons) == 0 {
		t.Fatal("no Remove button")
	}
	gone := s.deps.Workspace.SavedDevice().Profiles[0].ICCID
	test.Tap(buttons[0])
	reread, err := workspace.Open(dir, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer reread.Close()
	var iccids []string
	for _, p := range reread.SavedDevice().Profiles {
		iccids = append(iccids, p.ICCID)
	}
	if !slices.Contains(iccids, added) || slices.Contains(iccids, gone) {
		t.Errorf("saved profiles %v; want %s (saved by another process) kept and %s removed", iccids, added, gone)
	}
}

// profileLines are the lines a wrapping label draws, as its text shows
// them at its size.
func profileLines(l *widget.Label) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && strings.TrimSpace(t.Text) != "" {
			out = append(out, t.Text)
		}
		for _, c := range objectsUnder(o) {
			walk(c)
		}
	}
	walk(l)
	return out
}

// A profile's line of the Device tab wraps between words: its state in
// brackets stays whole, on one line, at any width that holds it. Before,
// it broke anywhere: "○ 8988…1059 Contoso Mobile (" / "installed)"
// (found by GUI QA).
func TestProfileLineWrapsBetweenWords(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	d := s.deps.Workspace.SavedDevice()
	if err := d.InstallProfile(simulator.Profile{ICCID: "8988247000101821059", Operator: "Contoso Mobile"}); err != nil {
		t.Fatal(err)
	}
	if err := s.deps.Workspace.SaveDevice(d); err != nil {
		t.Fatal(err)
	}
	s.refresh()
	s.ShowTab(TabDevice)
	var labels []*widget.Label
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			if strings.Contains(v.Text, "(") {
				labels = append(labels, v)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				find(c)
			}
		}
	}
	find(s.device.profiles)
	if len(labels) < 2 {
		t.Fatalf("%d profile lines, want the active one and the installed one", len(labels))
	}
	for _, l := range labels {
		for w := float32(120); w <= 480; w += 4 {
			l.Resize(fyne.NewSize(w, l.MinSize().Height))
			l.Resize(fyne.NewSize(w, l.MinSize().Height))
			for _, line := range profileLines(l) {
				if open, shut := strings.Count(line, "("), strings.Count(line, ")"); open != shut {
					t.Errorf("%q at %.0f px: the line %q breaks inside the brackets (lines %q)", l.Text, w, line, profileLines(l))
					break
				}
			}
		}
	}
}
