package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"mpsim/app/internal/sessiontest"
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
