package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// numberedRequests is n requests numbered from first.
func numberedRequests(first, n int) []insp.Request {
	reqs := make([]insp.Request, n)
	for i := range reqs {
		id := first + i
		reqs[i] = insp.Request{ID: id, Method: "GET", URL: fmt.Sprintf("https://portal.example/r%d", id), Status: 200, StartMs: float64(id), EndMs: float64(id + 1)}
	}
	return reqs
}

// The requests table's current cell (where the keyboard is, which Space
// and Enter select) is on the newest row while the table follows the
// newest rows, stays where the arrows put it while rows come, follows the
// selection, and is on a row of the session shown after a new session or
// a loaded report. Before, it stayed on row 0 while the table scrolled to
// the newest rows, off screen, and after a new session on the last
// session's row, past the new rows: Space selected nothing (found by GUI
// QA).
func TestNetworkCurrentCellFollows(t *testing.T) {
	for _, tc := range []struct {
		name string
		// play drives the panel; focus gives the table the keyboard, key
		// types a key to it.
		play func(p *networkPanel, focus func(), key func(fyne.KeyName))
		want int // the row Space selects then
	}{
		{"rows arrive", func(p *networkPanel, focus func(), _ func(fyne.KeyName)) {
			for i := range 3 {
				p.add(numberedRequests(i*10, 10), nil)
			}
			focus()
		}, 29},
		{"rows arrive while the table has the keyboard", func(p *networkPanel, focus func(), _ func(fyne.KeyName)) {
			p.add(numberedRequests(0, 10), nil)
			focus()
			p.add(numberedRequests(10, 5), nil)
		}, 14},
		{"the arrows moved it, rows arrive", func(p *networkPanel, focus func(), key func(fyne.KeyName)) {
			p.add(numberedRequests(0, 10), nil)
			focus()
			key(fyne.KeyUp)
			key(fyne.KeyUp)
			p.add(numberedRequests(10, 10), nil)
		}, 7},
		{"a row selected", func(p *networkPanel, focus func(), key func(fyne.KeyName)) {
			p.add(numberedRequests(0, 10), nil)
			p.table.Select(widget.TableCellID{Row: 3})
			p.add(numberedRequests(10, 10), nil)
			focus()
			key(fyne.KeyDown)
		}, 4},
		{"a new session", func(p *networkPanel, focus func(), key func(fyne.KeyName)) {
			p.add(numberedRequests(0, 40), nil)
			focus()
			key(fyne.KeySpace) // the last row selected
			p.reset()
			p.add(numberedRequests(0, 3), nil)
		}, 2},
		{"a report loaded", func(p *networkPanel, focus func(), _ func(fyne.KeyName)) {
			p.add(numberedRequests(0, 40), nil)
			p.table.Select(widget.TableCellID{Row: 39})
			p.load(numberedRequests(0, 5), nil, nil)
			focus()
		}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newTestNetwork(t)
			c := fyne.CurrentApp().Driver().CanvasForObject(p.table)
			key := func(k fyne.KeyName) { p.table.TypedKey(&fyne.KeyEvent{Name: k}) }
			tc.play(p, func() { c.Focus(p.table) }, key)
			key(fyne.KeySpace)
			if p.selected != tc.want {
				t.Errorf("Space selected row %d, want %d", p.selected, tc.want)
			}
		})
	}
}
