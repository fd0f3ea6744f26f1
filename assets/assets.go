// Package assets holds the files embedded in the mpsim binary: the bridge
// JavaScript injected into portal pages, the built-in demo operator portal
// (pages, styles, translations), the application icons, the JSON Schema of
// scenario files and the template of the matrix HTML report.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed bridge demoportal icons inspect schema report
var files embed.FS

// FS returns every embedded file, rooted at the assets folder
// (paths look like "bridge/shim.js" or "demoportal/index.html").
func FS() fs.FS { return files }

// Sub returns the embedded files below dir (for example "demoportal").
func Sub(dir string) (fs.FS, error) { return fs.Sub(files, dir) }

// Icon returns the application icon (PNG, 512x512).
func Icon() []byte {
	b, err := files.ReadFile("icons/mpsim.png")
	if err != nil {
		panic("assets: icons/mpsim.png is not embedded: " + err.Error()) // build-time invariant
	}
	return b
}
