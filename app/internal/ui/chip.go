package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/bridge"
)

// chip is a short bold word in a status colour inside a rounded outline of
// the same colour, a fixed width so that the rows after it line up: a
// finding's severity at the start of its row. Its text is a status colour
// on the window's background, the pairs TestStatusColoursContrast keeps at
// 4.5:1 in both themes.
type chip struct {
	widget.BaseWidget
	text       string
	importance widget.Importance
	// widest is the longest text chips of this kind show; every chip is
	// as wide as it.
	widest string
}

func newChip(text, widest string, importance widget.Importance) *chip {
	c := &chip{text: text, widest: widest, importance: importance}
	c.ExtendBaseWidget(c)
	return c
}

// newSeverityChip is the chip of a finding's severity: ERROR, WARNING or
// INFO in the severity's colour.
func newSeverityChip(s bridge.Severity) *chip {
	return newChip(severityWord(s), "WARNING", severityImportance(s))
}

// severityWord is how a severity reads on its chip.
func severityWord(s bridge.Severity) string {
	switch s {
	case bridge.SeverityError:
		return "ERROR"
	case bridge.SeverityWarning:
		return "WARNING"
	}
	return "INFO"
}

// CreateRenderer implements fyne.Widget.
func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	label := widget.NewLabelWithStyle(c.text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	label.SizeName = theme.SizeNameCaptionText
	sizer := widget.NewLabelWithStyle(c.widest, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	sizer.SizeName = theme.SizeNameCaptionText
	border := canvas.NewRectangle(color.Transparent)
	border.StrokeWidth = 1
	r := &chipRenderer{c: c, label: label, sizer: sizer, border: border}
	r.Refresh()
	return r
}

type chipRenderer struct {
	c      *chip
	label  *widget.Label
	sizer  *widget.Label // measures the widest text; never drawn
	border *canvas.Rectangle
}

func (r *chipRenderer) Layout(size fyne.Size) {
	pad := theme.Padding() / 2
	r.border.Move(fyne.NewPos(0, pad))
	r.border.Resize(fyne.NewSize(size.Width, size.Height-2*pad))
	r.label.Move(fyne.NewPos(0, 0))
	r.label.Resize(size)
}

func (r *chipRenderer) MinSize() fyne.Size {
	return r.sizer.MinSize().Max(r.label.MinSize())
}

func (r *chipRenderer) Refresh() {
	r.label.Importance = r.c.importance
	r.label.SetText(r.c.text)
	r.border.StrokeColor = importanceColor(r.c.importance)
	r.border.CornerRadius = theme.InputRadiusSize()
	r.border.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.border, r.label}
}

func (r *chipRenderer) Destroy() {}

// importanceColor is the theme colour a label of importance i is drawn in.
func importanceColor(i widget.Importance) color.Color {
	switch i {
	case widget.DangerImportance:
		return theme.Color(theme.ColorNameError)
	case widget.WarningImportance:
		return theme.Color(theme.ColorNameWarning)
	case widget.SuccessImportance:
		return theme.Color(theme.ColorNameSuccess)
	case widget.HighImportance:
		return theme.Color(theme.ColorNamePrimary)
	}
	return theme.Color(theme.ColorNameForeground)
}

// findingRow is one finding as a compact row: its severity chip and a
// one-line title (code, field, the first words) that opens the whole
// message and the links to the public pages behind its contract section.
// The title's words are a label over the button, cut with an ellipsis at
// the width the row gets: a button's own text cannot be cut, and a long
// title widened the host window past a 1024 px screen (found by
// exploratory QA: 1036 px after a session, the toolbar's right end and
// the History tab's buttons off the screen).
type findingRow struct {
	title     *widget.Button // the row's button: its icon, and a tap toggles
	titleText *widget.Label  // the title's words
	detail    *fyne.Container
}

func newFindingRow(f bridge.Finding) *findingRow {
	text := widget.NewLabel(findingDetail(f))
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	r := &findingRow{detail: container.NewPadded(container.NewVBox(append([]fyne.CanvasObject{text}, sourceLinks(f)...)...))}
	r.detail.Hide()
	r.title = widget.NewButtonWithIcon("", theme.MenuExpandIcon(), r.toggle)
	r.title.Importance = widget.LowImportance
	r.title.Alignment = widget.ButtonAlignLeading
	r.titleText = widget.NewLabelWithStyle(findingTitle(f), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}) // as a button's text
	r.titleText.Truncation = fyne.TextTruncateEllipsis
	return r
}

// buildUI lays the row out: the chip and title on one line, the detail
// under it when open. The title's words start after the button's icon; a
// tap on them reaches the button (a label takes no taps). The chip starts
// where the card's text does, a label's inner padding in: at the row's
// edge it stood out of the card, against the split's bar (found by GUI
// QA).
func (r *findingRow) buildUI(sev bridge.Severity) fyne.CanvasObject {
	words := container.New(layout.NewCustomPaddedLayout(0, 0, theme.IconInlineSize()+theme.InnerPadding()/2, 0), r.titleText)
	chip := container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), newSeverityChip(sev))
	return container.NewVBox(
		container.NewBorder(nil, nil, chip, nil, container.NewStack(r.title, words)),
		r.detail)
}

// toggle opens or closes the row's detail.
func (r *findingRow) toggle() {
	if r.detail.Visible() {
		r.detail.Hide()
		r.title.SetIcon(theme.MenuExpandIcon())
		return
	}
	r.detail.Show()
	r.title.SetIcon(theme.MenuDropDownIcon())
}

// open reports whether the row's detail is shown.
func (r *findingRow) open() bool { return r.detail.Visible() }
