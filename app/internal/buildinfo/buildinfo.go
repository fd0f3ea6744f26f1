// Package buildinfo says what this mpsim binary is: its version, the commit
// and date it was built from (read from the Go build information), and the
// WebKitGTK API version its portal window was built against (chosen by the
// webkit2_41 build tag). It is pure Go and never loads WebKit.
package buildinfo

import (
	"fmt"
	"runtime/debug"
)

// Version is the release version; the release build may override it with
// -ldflags "-X mpsim/app/internal/buildinfo.Version=…".
var Version = "0.1.0"

// Info is what `mpsim --version` prints.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Modified  bool   `json:"modified,omitempty"`
	BuildDate string `json:"buildDate,omitempty"`
	GoVersion string `json:"goVersion"`
	WebKitAPI string `json:"webkitAPI"`
}

// Read returns the build information of the running binary.
func Read() Info {
	info := Info{Version: Version, WebKitAPI: WebKitAPI}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.BuildDate = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String is the one-line form: "mpsim 0.1.0 (commit abc1234, 2026-12-01, WebKitGTK 4.1, go1.26.8)".
func (i Info) String() string {
	s := "mpsim " + i.Version + " ("
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if i.Modified {
			c += "+modified"
		}
		s += "commit " + c + ", "
	}
	if i.BuildDate != "" {
		s += "built " + i.BuildDate + ", "
	}
	return s + fmt.Sprintf("WebKitGTK %s, %s)", i.WebKitAPI, i.GoVersion)
}
