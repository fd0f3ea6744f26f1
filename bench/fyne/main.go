//go:build bench

// Command fyne is the bench's anchor for the host window: the smallest Fyne
// program that shows a window (a label), built with the same Fyne as mpsim.
// With -react it is the anchor for the host's reaction: a window of the
// host's size whose Open portal button, at the host's place, shows a line
// in the host's pass colour through fyne.Do from another goroutine, as the
// host shows a hand-back's result.
package main

import (
	"flag"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	react := flag.Bool("react", false, "show a line in the pass colour when Open portal is clicked")
	flag.Parse()
	a := app.New()
	w := a.NewWindow("minimal Fyne")
	if *react {
		w.SetContent(reactContent())
	} else {
		w.SetContent(widget.NewLabel("minimal Fyne window"))
	}
	w.Resize(fyne.NewSize(1240, 660))
	w.ShowAndRun()
}

// reactContent is the -react window: the button at the top left, the line
// (the host's #107C10, bold) hidden until it is clicked.
func reactContent() fyne.CanvasObject {
	line := canvas.NewText("Handed back — no errors so far", color.NRGBA{R: 0x10, G: 0x7c, B: 0x10, A: 0xff})
	line.TextStyle.Bold = true
	line.TextSize = 16
	line.Hide()
	open := widget.NewButton("Open portal", func() {
		go fyne.Do(func() {
			line.Show()
			line.Refresh()
		})
	})
	return container.NewBorder(container.NewHBox(open), nil, nil, nil, container.NewVBox(widget.NewLabel("Result"), line))
}
