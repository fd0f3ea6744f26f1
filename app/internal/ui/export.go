package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
)

// ExportHTML writes the shown report as a self-contained HTML page (the
// layout of `mpsim test --html`, identifiers masked) to path.
func (s *HostScreen) ExportHTML(path string) error {
	rep := s.result.rep
	if rep == nil {
		return fmt.Errorf("no report to export yet")
	}
	return exportReportHTML(path, s.shownEntry(), *rep)
}

// exportReportHTML writes one session as HTML to path.
func exportReportHTML(path string, e history.Entry, rep session.Report) error {
	var buf bytes.Buffer
	if err := history.WriteHTML(&buf, e, rep, false); err != nil {
		return fmt.Errorf("export HTML: %w", err)
	}
	if err := workspace.WriteFileAtomic(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("export HTML: %w", err)
	}
	return nil
}

// askSavePath asks for a file name with a save dialog, then calls save with
// the path and reports the outcome in the status line.
func (s *HostScreen) askSavePath(fileName, done string, save func(path string) error) {
	win := s.hostWindow() // the window with the button or the key that asked
	if win == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			// The dialog refused the name (a relative path to a folder that
			// does not exist, a folder it cannot write in): nothing was
			// written, and the user is told.
			s.status.SetText(notSaved(err))
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		_ = w.Close()
		if err := save(path); err != nil {
			s.status.SetText(err.Error())
			return
		}
		s.saveDir = filepath.Dir(path)
		s.status.SetText(done + " " + path)
	}, win)
	d.SetFileName(fileName)
	// The folder of the last save, not the home folder every time.
	showFileDialog(win, d, s.saveDir)
}

// notSaved says why a save dialog wrote nothing, the path last: the
// status line cuts a long line at its end, and "open /a/long/path: no such
// file or directory" lost the reason (found by GUI QA).
func notSaved(err error) string {
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist):
		return "Not saved: there is no folder " + filepath.Dir(pe.Path)
	case errors.As(err, &pe):
		return "Not saved (" + pe.Err.Error() + "): " + pe.Path
	}
	return "Not saved: " + err.Error()
}

// askExportHTML asks where to export the shown report as HTML.
func (s *HostScreen) askExportHTML() {
	if s.result.rep == nil {
		s.status.SetText(noReportYet(s.isRunning()))
		return
	}
	s.askSavePath(history.ExportName(s.shownEntry(), *s.result.rep), "HTML report written to", s.ExportHTML)
}

// noReportYet says why there is no report to export: the session still
// runs (its report comes when it ends), or none was opened. Before, it
// said "open the portal first" while the portal was open (found by GUI
// QA).
func noReportYet(running bool) string {
	if running {
		return "No report to export yet: the session is still running; its report comes when it ends."
	}
	return "No report to export yet: open the portal first."
}
