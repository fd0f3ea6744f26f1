package matrix

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
)

// maxShots is how many screenshots of one cell the HTML report embeds
// (and mpsim test --json --embed-screenshots carries) when its session took
// more, each at most maxShotBytes. The screenshots that say what happened
// are embedded even past it (shownShots): a scenario's steps bound their
// number, while a portal of many pages takes a loaded one for each.
const maxShots = 10

// pageLoadShot reports the labels of the screenshots the window takes after
// each top-frame load (first-load, loaded): the ones the HTML report leaves
// out first.
func pageLoadShot(label string) bool { return label == "loaded" || label == "first-load" }

// shownShots returns the screenshots of rep the HTML report embeds, in the
// order they were taken, and apart those it leaves out. Every screenshot
// that tells what happened is shown: first-paint, the hand-back's, the
// timeout's, a failed step's (step-N-failed) and each one a screenshot step
// asked for. The page loads' (first-load, loaded) fill the rest up to
// maxShots, the latest first: they show the pages nearest the end of the
// session.
func shownShots(rep *session.Report) (shown, left []inspect.Screenshot) {
	if rep == nil {
		return nil, nil
	}
	shots := rep.Screenshots
	keep := make([]bool, len(shots))
	n := 0
	for i, sc := range shots {
		if !pageLoadShot(sc.Label) {
			keep[i] = true
			n++
		}
	}
	for i := len(shots) - 1; i >= 0 && n < maxShots; i-- {
		if !keep[i] {
			keep[i] = true
			n++
		}
	}
	for i, sc := range shots {
		if keep[i] {
			shown = append(shown, sc)
		} else {
			left = append(left, sc)
		}
	}
	return shown, left
}

// ShotData is a screenshot carried inside the results (mpsim test --json
// --embed-screenshots), so that report merge on another machine, where
// the file the cell's report names is not, still embeds it.
type ShotData struct {
	// Path is the file the cell's report names (inspect.Screenshot.Path).
	Path string `json:"path"`
	// PNG is the file's content (base64 in the JSON).
	PNG []byte `json:"png"`
}

// EmbedScreenshots reads the screenshots each cell's HTML report would
// show (shownShots: those that say what happened and the latest page
// loads, each a PNG of at most 2 MB) into the cells' ShotData, and returns
// what it could not read. Call it after Redact, which would mask digits in
// the pictures' base64.
func EmbedScreenshots(r *Results) []error {
	var errs []error
	for i := range r.Cells {
		c := &r.Cells[i]
		if c.Report == nil {
			continue
		}
		c.ShotData = nil
		shown, _ := shownShots(c.Report)
		for _, sc := range shown {
			b, err := readShot(sc.Path)
			if err != nil {
				errs = append(errs, fmt.Errorf("cell %s: screenshot %s: %w", c.ID, sc.Label, err))
				continue
			}
			c.ShotData = append(c.ShotData, ShotData{Path: sc.Path, PNG: b})
		}
	}
	return errs
}

// carriedShot returns the screenshot of path the cell's results carry, when
// it is a PNG of at most maxShotBytes.
func carriedShot(c CellResult, path string) ([]byte, bool, error) {
	for _, d := range c.ShotData {
		if d.Path != path {
			continue
		}
		switch {
		case len(d.PNG) > maxShotBytes:
			return nil, true, fmt.Errorf("the screenshot the results carry for %s is over %d MB", path, maxShotBytes>>20)
		case !bytes.HasPrefix(d.PNG, pngMagic):
			return nil, true, fmt.Errorf("the screenshot the results carry for %s is not a PNG", path)
		}
		return d.PNG, true, nil
	}
	return nil, false, nil
}

// errNotCarried says why a merged report lacks a screenshot that neither
// the shard's results carry nor this machine's screenshot cache holds.
var errNotCarried = errors.New("not carried in the shard's results (run the shards with mpsim test --json --embed-screenshots) and not in this machine's screenshot cache")

// mergedShot reads the screenshot at path for a merged report: only from
// mpsim's own screenshot cache on this machine (the shards ran here), since
// a crafted shard could name any other picture of the machine.
// The report names the file, not the path it had on the machine of the
// shard (its runner's cache), which the report's readers have no use for.
func mergedShot(path string) ([]byte, error) {
	if !inScreenshotCache(path) {
		return nil, fmt.Errorf("%w: %s", errNotCarried, filepath.Base(path))
	}
	b, err := readShot(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errNotCarried, filepath.Base(path), unwrapPath(err))
	}
	return b, nil
}

// inScreenshotCache reports whether path, its symbolic links followed, is
// a file inside mpsim's screenshot cache (workspace.ScreenshotRoot).
func inScreenshotCache(path string) bool {
	root, err := workspace.ScreenshotRoot()
	if err != nil {
		return false
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil || !filepath.IsAbs(real) {
		return false
	}
	rel, err := filepath.Rel(root, real)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..")
}

// ShotsNotCarried counts the screenshots of merged results that neither
// their results carry nor this machine's screenshot cache holds: the HTML
// report shows them as missing (report merge says so on standard error).
func ShotsNotCarried(r Results) int {
	n := 0
	for _, c := range r.Cells {
		if c.Report == nil {
			continue
		}
		for _, sc := range c.Report.Screenshots {
			if sc.Path == "" {
				continue
			}
			if _, carried, _ := carriedShot(c, sc.Path); carried || inScreenshotCache(sc.Path) {
				continue
			}
			n++
		}
	}
	return n
}
