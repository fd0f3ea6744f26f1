//go:build bench

// Command fyne is the bench's anchor for the host window: the smallest Fyne
// program that shows a window (a label), built with the same Fyne as mpsim.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("minimal Fyne")
	w.SetContent(widget.NewLabel("minimal Fyne window"))
	w.Resize(fyne.NewSize(1240, 660))
	w.ShowAndRun()
}
