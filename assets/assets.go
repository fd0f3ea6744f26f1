// Package assets holds the files embedded in the mpsim binary: the bridge
// JavaScript injected into portal pages, the built-in demo operator portal
// (pages, styles, translations), the application icons, the JSON Schema of
// scenario files, the template of the matrix HTML report and the runtime of
// scenario steps.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed bridge demoportal icons inspect schema report steps
var files embed.FS

// FS returns every embedded file, rooted at the assets folder
// (paths look like "bridge/shim.js" or "demoportal/index.html").
func FS() fs.FS { return files }

// Sub returns the embedded files below dir (for example "demoportal").
func Sub(dir string) (fs.FS, error) { return fs.Sub(files, dir) }

// Icon returns the application icon (PNG, 512x512): the packages' icon
// (FyneApp.toml).
func Icon() []byte { return mustRead("icons/mpsim.png") }

// WindowIcon returns the host window's icon (PNG, 64x64, 8 bits per
// channel). The window manager gets it as pixels: the 512x512 16-bit icon
// cost the window ~30 ms before it was mapped (1 MB of pixels to decode and
// send to the X server; docs/performance.md), this one a sixty-fourth.
func WindowIcon() []byte { return mustRead("icons/mpsim-64.png") }

func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("assets: " + name + " is not embedded: " + err.Error()) // build-time invariant
	}
	return b
}
