package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// closable is a Fyne dialog: shown, hidden, told when it closes.
type closable interface {
	Show()
	Hide()
	SetOnClosed(func())
}

// showWithKeys shows d over win with the keys a dialog is expected to
// have, which Fyne's dialogs lack: Escape calls cancel (the safe choice:
// Stay, No, Close) and Enter or Return calls accept (the default button:
// Leave, Close). While d is shown the window's other keys (F12) still
// work; when it closes, the window's own key handler is back.
func showWithKeys(win fyne.Window, d closable, accept, cancel func()) {
	c := win.Canvas()
	before := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			cancel()
		case fyne.KeyReturn, fyne.KeyEnter:
			accept()
		default:
			if before != nil {
				before(e)
			}
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(before) })
	d.Show()
}

// showConfirm shows a confirm dialog over win: Enter confirms, Escape
// dismisses, also once Tab has put the keyboard on one of its buttons
// (then Enter presses that button).
func showConfirm(win fyne.Window, d *dialog.ConfirmDialog) {
	showWithKeys(win, d, d.Confirm, d.Hide)
	keyedButtons(win.Canvas(), d.Hide)
}

// showInfo shows a dialog whose one button closes it over win: Enter and
// Escape close it, also with the keyboard on its button.
func showInfo(win fyne.Window, d dialog.Dialog) {
	showWithKeys(win, d, d.Hide, d.Hide)
	keyedButtons(win.Canvas(), d.Hide)
}

// keyedButtons puts dialogButtons in place of the buttons of the dialog
// just shown on c (its top overlay), with the same text, icon, importance
// and action: Fyne gives the keys to the focused widget, not to the
// canvas, so once Tab had put the keyboard on a button (Stay, Close),
// Escape did nothing and Enter neither, only Space pressed it (found by
// keyboard QA). The buttons are those of the dialog's button row: a
// container under the dialog's own holding buttons only, as Fyne 2.7
// draws its dialogs; nothing changes for another shape (the canvas keys
// of showWithKeys still work while no button has the keyboard).
func keyedButtons(c fyne.Canvas, cancel func()) {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	for _, row := range buttonRows(pop) {
		for i, o := range row.Objects {
			if b, ok := o.(*widget.Button); ok {
				row.Objects[i] = newDialogButton(b, cancel)
			}
		}
		row.Refresh()
	}
}

// buttonRows are the button rows of the dialog drawn as pop: the
// containers under its body that hold buttons only, Fyne's or dialogButtons
// (keyedButtons put in their place), as Fyne 2.7 draws its dialogs.
func buttonRows(pop *widget.PopUp) []*fyne.Container {
	body, ok := pop.Content.(*fyne.Container)
	if !ok {
		return nil
	}
	var rows []*fyne.Container
	for _, o := range body.Objects {
		if row, ok := o.(*fyne.Container); ok && len(rowButtons(row)) > 0 {
			rows = append(rows, row)
		}
	}
	return rows
}

// rowButtons are the buttons of row, a dialogButton's own included, when it
// holds one or more buttons and nothing else; else nil.
func rowButtons(row *fyne.Container) []*widget.Button {
	bs := make([]*widget.Button, 0, len(row.Objects))
	for _, o := range row.Objects {
		switch v := o.(type) {
		case *widget.Button:
			bs = append(bs, v)
		case *dialogButton:
			bs = append(bs, &v.Button)
		default:
			return nil
		}
	}
	return bs
}

// onlyButtons says whether objects are one or more buttons and nothing else.
func onlyButtons(objects []fyne.CanvasObject) bool {
	for _, o := range objects {
		if _, ok := o.(*widget.Button); !ok {
			return false
		}
	}
	return len(objects) > 0
}

// dialogButton is a dialog's button that takes the dialog's keys while it
// has the keyboard: Escape calls escape (the dialog's safe answer), Enter
// and Return press it, as Space does. It draws the focus ring the host
// window draws under dialogs (focusring.go) around itself.
type dialogButton struct {
	widget.Button
	escape func()
	ring   *canvas.Rectangle
}

// CreateRenderer implements fyne.Widget: the button's, and its ring.
func (b *dialogButton) CreateRenderer() fyne.WidgetRenderer {
	b.ring = newFocusRing().rect
	return &ringedRenderer{WidgetRenderer: b.Button.CreateRenderer(), ring: b.ring}
}

// FocusGained implements fyne.Focusable: the ring shows.
func (b *dialogButton) FocusGained() {
	b.Button.FocusGained()
	b.showRing(true)
}

// FocusLost implements fyne.Focusable: the ring goes.
func (b *dialogButton) FocusLost() {
	b.Button.FocusLost()
	b.showRing(false)
}

// showRing shows or hides the ring, in the accent of the theme shown.
func (b *dialogButton) showRing(on bool) {
	if b.ring == nil {
		return
	}
	b.ring.Hidden = !on
	b.ring.StrokeColor = b.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	b.ring.Refresh()
}

// ringedRenderer draws a widget and a ring around it, focusRingGap
// away from it.
type ringedRenderer struct {
	fyne.WidgetRenderer
	ring *canvas.Rectangle
}

// Layout implements fyne.WidgetRenderer.
func (r *ringedRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	const out = focusRingGap + focusRingWidth // the stroke is drawn inside the rectangle
	r.ring.Move(fyne.NewPos(-out, -out))
	r.ring.Resize(size.AddWidthHeight(2*out, 2*out))
}

// Objects implements fyne.WidgetRenderer: the widget's, then the ring.
func (r *ringedRenderer) Objects() []fyne.CanvasObject {
	objects := r.WidgetRenderer.Objects()
	return append(objects[:len(objects):len(objects)], r.ring) // a copy: the button's own slice stays as it is
}

// newDialogButton is a dialogButton that looks and acts as b.
func newDialogButton(b *widget.Button, escape func()) *dialogButton {
	d := &dialogButton{escape: escape}
	d.Text, d.Icon, d.Importance, d.OnTapped = b.Text, b.Icon, b.Importance, b.OnTapped
	d.Alignment, d.IconPlacement = b.Alignment, b.IconPlacement
	d.ExtendBaseWidget(d)
	if b.Disabled() {
		d.Disable()
	}
	return d
}

// TypedKey implements fyne.Focusable.
func (b *dialogButton) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyEscape:
		b.escape()
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Button.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace, Physical: e.Physical})
	default:
		b.Button.TypedKey(e)
	}
}

// showFileDialog shows a file open or save dialog over win, starting in
// dir (the folder last used), else in the working directory, where the
// examples/ of a checkout are: Escape cancels it (Fyne's file dialogs had
// no key, and opened in the home folder; found by GUI QA), also while the
// name field of a save dialog has the keyboard (escapableName). A dialog
// Fyne shows over a save dialog (Overwrite?, Cannot overwrite) answers
// Enter with its default button and Escape with its safe one, which leaves
// the save dialog open; a path typed as the name is followed
// (followTypedPaths).
func showFileDialog(win fyne.Window, d *dialog.FileDialog, dir string) {
	if l := startFolder(dir); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(760, 520))
	c := win.Canvas()
	var pop fyne.CanvasObject // the file dialog's own overlay
	showWithKeys(win, d, func() { answerOver(c, pop, true) }, func() {
		if !answerOver(c, pop, false) {
			d.Dismiss()
		}
	})
	pop = c.Overlays().Top()
	if name := escapableName(c, d.Dismiss); name != nil {
		followTypedPaths(win, d, pop, name)
	}
}

// answerOver presses a button of the dialog Fyne shows over the file
// dialog pop (its Overwrite? question, its Cannot overwrite notice): the
// default one (Yes) for yes, else the safe one (No); it reports whether
// there was such a dialog. Fyne shows it with no key: Enter did nothing
// and Escape closed the save dialog under it too (found by GUI QA).
func answerOver(c fyne.Canvas, pop fyne.CanvasObject, yes bool) bool {
	def, safe := buttonsOver(c, pop)
	b := safe
	if yes {
		b = def
	}
	if b == nil {
		return false
	}
	if b.OnTapped != nil {
		b.OnTapped()
	}
	return true
}

// buttonsOver are the default (high importance, else the last) and the
// safe (the first) buttons of the dialog on top of c when it is not pop;
// nil when there is none.
func buttonsOver(c fyne.Canvas, pop fyne.CanvasObject) (def, safe *widget.Button) {
	top, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok || fyne.CanvasObject(top) == pop {
		return nil, nil
	}
	rows := buttonRows(top)
	if len(rows) == 0 {
		return nil, nil
	}
	bs := rowButtons(rows[0])
	def = bs[len(bs)-1]
	for _, b := range bs {
		if b.Importance == widget.HighImportance {
			def = b
		}
	}
	return def, bs[0]
}

// followTypedPaths makes the save dialog d (drawn as pop) take a path typed
// in its name field, which Fyne joined to the folder shown: "/tmp/x.html"
// in /home/me was /home/me/tmp/x.html, "no such file or directory" (found
// by GUI QA). An absolute path, or one from ~/, moves the dialog to its
// folder and saves there under its last element (through Fyne's own save,
// which asks before overwriting); the path of a folder moves the dialog
// there and keeps the name; a folder that does not exist is said, with
// the path as typed, and the dialog stays open. Then the dialog Fyne shows
// over it, if any (Overwrite?), gets the keys of showConfirm. Nothing
// changes when the dialog is not drawn as Fyne 2.7 draws it.
func followTypedPaths(win fyne.Window, d *dialog.FileDialog, pop fyne.CanvasObject, name *widget.Entry) {
	p, ok := pop.(*widget.PopUp)
	if !ok {
		return
	}
	save := saveButton(p.Content)
	if save == nil || save.OnTapped == nil {
		return
	}
	suggested := name.Text
	own := save.OnTapped
	c := win.Canvas()
	save.OnTapped = func() {
		if !followTypedPath(win, d, name, suggested) {
			return
		}
		own()
		if _, safe := buttonsOver(c, pop); safe != nil {
			keyedButtons(c, safe.OnTapped)
		}
	}
}

// followTypedPath moves the save dialog d to the folder of the path typed
// in name, if a path was typed (see followTypedPaths); it reports whether
// the dialog is to save now.
func followTypedPath(win fyne.Window, d *dialog.FileDialog, name *widget.Entry, suggested string) bool {
	typed := name.Text
	path, ok := typedPath(typed)
	if !ok {
		return true
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(path)); err == nil {
		d.SetLocation(l) // a folder: look in it, under the name suggested
		name.SetText(suggested)
		return false
	}
	dir := filepath.Dir(path)
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		showInfo(win, dialog.NewInformation("Not saved",
			"There is no folder "+dir+"\nfor the file name typed: "+typed, win))
		return false
	}
	d.SetLocation(l)
	name.SetText(filepath.Base(path))
	return true
}

// typedPath is the absolute path a save dialog's name field holds, with
// ~/ as the home folder; ok is false for a name (or a relative path, which
// the dialog joins to its folder).
func typedPath(typed string) (path string, ok bool) {
	if rest, found := strings.CutPrefix(typed, "~"+string(filepath.Separator)); found || typed == "~" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", false
		}
		return filepath.Join(home, rest), true
	}
	if filepath.IsAbs(typed) {
		return filepath.Clean(typed), true
	}
	return "", false
}

// saveButton is the save (high importance) button of a file dialog's
// button row under o, nil when there is none.
func saveButton(o fyne.CanvasObject) *widget.Button {
	c, ok := o.(*fyne.Container)
	if !ok {
		return nil
	}
	if onlyButtons(c.Objects) {
		for _, b := range c.Objects {
			if b := b.(*widget.Button); b.Importance == widget.HighImportance {
				return b
			}
		}
		return nil
	}
	for _, ch := range c.Objects {
		if b := saveButton(ch); b != nil {
			return b
		}
	}
	return nil
}

// escapableName puts in place of a save dialog's name field, which has the
// keyboard as the dialog opens, a field that shows and edits the same name
// and on which Escape calls cancel: Fyne's field took Escape and did
// nothing with it, so Escape closed the dialog only once the keyboard had
// left the field (found by GUI QA). The dialog still reads its own field,
// which the new one keeps in step both ways (a file picked in the list
// names it); escapableName returns it, nil when nothing changed: when the
// keyboard is elsewhere (an open dialog) or the dialog is not drawn as
// Fyne 2.7 draws it.
func escapableName(c fyne.Canvas, cancel func()) *widget.Entry {
	name, ok := c.Focused().(*widget.Entry)
	if !ok {
		return nil
	}
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return nil
	}
	holder := scrollHolding(pop.Content, name)
	if holder == nil {
		return nil
	}
	e := &escapeEntry{escape: cancel}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(name.PlaceHolder)
	e.SetText(name.Text)
	e.CursorColumn = len([]rune(name.Text))
	e.OnChanged = func(s string) {
		if name.Text != s {
			name.SetText(s) // the dialog's own reaction too: Save enabled for a name
		}
	}
	e.OnSubmitted = func(s string) {
		if name.OnSubmitted != nil {
			name.OnSubmitted(s)
		}
	}
	own := name.OnChanged
	name.OnChanged = func(s string) {
		if own != nil {
			own(s)
		}
		if e.Text != s {
			e.SetText(s)
		}
	}
	holder.Content = e
	holder.Refresh()
	c.Focus(e)
	return name
}

// scrollHolding is the scroll under o whose content is target, nil when
// none is.
func scrollHolding(o fyne.CanvasObject, target fyne.CanvasObject) *container.Scroll {
	switch v := o.(type) {
	case *container.Scroll:
		if v.Content == target {
			return v
		}
		return scrollHolding(v.Content, target)
	case *container.Split:
		if s := scrollHolding(v.Leading, target); s != nil {
			return s
		}
		return scrollHolding(v.Trailing, target)
	case *fyne.Container:
		for _, c := range v.Objects {
			if s := scrollHolding(c, target); s != nil {
				return s
			}
		}
	}
	return nil
}

// escapeEntry is a text field on which Escape calls escape, and which
// takes no space typed before a key went down in it.
type escapeEntry struct {
	widget.Entry
	escape func()
	// keyed says a key went down while the field had the keyboard: from
	// then on it takes every character.
	keyed bool
}

// TypedKey implements fyne.Focusable.
func (e *escapeEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.escape()
		return
	}
	e.Entry.TypedKey(k)
}

// KeyDown implements desktop.Keyable: a key went down in the field.
func (e *escapeEntry) KeyDown(k *fyne.KeyEvent) {
	e.keyed = true
	e.Entry.KeyDown(k)
}

// TypedRune implements fyne.Focusable. A space that comes before any key
// went down in the field is the character of the Space that pressed the
// button opening the dialog (Export HTML…, Export HAR…, Save report…):
// the driver gives a key's character after its press, and by then the
// field had the keyboard, so the suggested name ended in a space and the
// file was written under it (found by keyboard QA). That space is not
// the user's: it is dropped.
func (e *escapeEntry) TypedRune(r rune) {
	if r == ' ' && !e.keyed {
		return
	}
	e.Entry.TypedRune(r)
}

// startFolder is the folder a file dialog starts in: dir when it lists,
// else the working directory; nil for neither (Fyne's own choice).
func startFolder(dir string) fyne.ListableURI {
	for _, d := range []string{dir, workingDir()} {
		if d == "" {
			continue
		}
		if l, err := storage.ListerForURI(storage.NewFileURI(d)); err == nil {
			return l
		}
	}
	return nil
}

// workingDir is the process's working directory, "" when unknown.
func workingDir() string {
	d, err := os.Getwd()
	if err != nil {
		return ""
	}
	return d
}
