// Package fontconf gives the portal window's WebKit processes a fontconfig
// configuration that picks exactly the fonts the system's picks, faster.
//
// Portals name fonts a Linux desk rarely has ("Segoe UI", system-ui,
// "Helvetica Neue", Arial …). For each family of a CSS font list, at each
// size and weight the page uses, WebKit asks fontconfig for the family's
// substitutions and walks the list it gets back (its "strong alias" check).
// On Debian the system's rules append about 130 families to such a request,
// most of them preferences for scripts and fonts the machine does not have
// (65-nonlatin.conf alone names 123), and on the built-in demo portal that
// walking held its first paint back by 150–200 ms in every new web process
// (docs/performance.md, batch 17).
//
// Prune writes the system's configuration again with the conf.d files left
// out that cannot change which installed font any request gets: files made
// only of <alias> rules for generic families (sans-serif, serif, monospace …)
// that add no family installed, generic, or looked at by another rule, with
// no strong binding. Such a file only puts names into a request that match
// no font and that no later rule reacts to (fontconfig applies the rules
// once, in order), after the family asked for: the
// font fontconfig matches, its order of fallbacks and WebKit's alias check
// come out the same (TestPrunedMatchesTheSame checks that on the machine's
// own fonts). Everything else of the system's configuration, its font and
// cache directories and user includes among it, is kept as it is.
package fontconf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// File is one file of the system's conf.d directory.
type File struct {
	Name string // base name, like 65-nonlatin.conf
	Data []byte
}

// System is the system's fontconfig configuration as fontconfig reads it.
type System struct {
	Main      string // path of the main file, like /etc/fonts/fonts.conf
	MainData  []byte
	ConfD     string // the conf.d directory the main file includes
	Files     []File // the [0-9]*.conf files of ConfD, in the order fontconfig loads them
	Installed []string
}

// Plan is what Prune decided.
type Plan struct {
	Config  []byte   // the configuration to give FONTCONFIG_FILE
	Skipped []string // base names of the conf.d files left out
}

// ErrNotPrunable says the system's configuration has a shape Prune does not
// rewrite (no conf.d include, or paths relative to the main file): the
// system's own is then used as it is.
var ErrNotPrunable = errors.New("fontconfig configuration not prunable")

// genericFamilies are the family names that stand for a kind of font rather
// than a font; CSS's and fontconfig's, lower case without blanks.
var genericFamilies = []string{
	"sans-serif", "serif", "monospace", "sans", "mono", "cursive", "fantasy", "system-ui", "emoji", "math",
	"fangsong", "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded",
}

// familyKey is how fontconfig compares family names: case and blanks ignored.
func familyKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), ""))
}

// Prune plans the system's configuration without the conf.d files that
// cannot change a match (see the package comment).
func Prune(sys System) (Plan, error) {
	rules := make([]fileRules, len(sys.Files))
	for i, f := range sys.Files {
		r, err := readRules(f.Data)
		if err != nil {
			return Plan{}, fmt.Errorf("%s: %w", filepath.Join(sys.ConfD, f.Name), err)
		}
		rules[i] = r
	}
	// Fontconfig applies the rules once, in the order of the files: a
	// family a file adds matters when a font has it, when it is generic, or
	// when a rule of a later file kept looks at it.
	relevant := map[string]bool{}
	for _, g := range genericFamilies {
		relevant[g] = true
	}
	for _, name := range sys.Installed {
		relevant[familyKey(name)] = true
	}
	kept := make([]bool, len(sys.Files))
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].skippable() && !rules[i].adds(relevant) {
			continue
		}
		kept[i] = true
		for _, name := range rules[i].looked {
			relevant[name] = true
		}
	}
	var keep, skipped []string
	for i, f := range sys.Files {
		if kept[i] {
			keep = append(keep, filepath.Join(sys.ConfD, f.Name))
		} else {
			skipped = append(skipped, f.Name)
		}
	}
	config, err := rewriteMain(sys, keep)
	if err != nil {
		return Plan{}, err
	}
	return Plan{Config: config, Skipped: skipped}, nil
}

// fileRules is what one conf.d file does to family names.
type fileRules struct {
	onlyAliases bool     // nothing but <alias> rules (and descriptions)
	strong      bool     // an alias binds strongly
	triggers    []string // the families its aliases react to
	added       []string // the families its aliases add
	looked      []string // every family name its rules test or react to
}

// skippable says the file is made of weak aliases of generic families only:
// what it adds lands after the family a page asks for.
func (r fileRules) skippable() bool {
	if !r.onlyAliases || r.strong || len(r.triggers) == 0 {
		return false
	}
	for _, t := range r.triggers {
		if !slices.Contains(genericFamilies, t) {
			return false
		}
	}
	return true
}

// adds says whether the file adds a family in relevant.
func (r fileRules) adds(relevant map[string]bool) bool {
	return slices.ContainsFunc(r.added, func(f string) bool { return relevant[f] })
}

// readRules reads the family names a fontconfig file's rules use.
func readRules(data []byte) (fileRules, error) {
	r := fileRules{onlyAliases: true}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var path []string // open elements below <fontconfig>
	var text strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return r, nil
		}
		if err != nil {
			return fileRules{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(path) == 1 && name != "alias" && name != "description" {
				r.onlyAliases = false
			}
			if name == "alias" && attr(t, "binding") == "strong" {
				r.strong = true
			}
			path = append(path, name)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			r.note(path, familyKey(text.String()))
			text.Reset()
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
}

// note records the family name of the element at path, if it names one.
func (r *fileRules) note(path []string, name string) {
	n := len(path)
	if name == "" || n < 2 {
		return
	}
	in := func(i int, names ...string) bool { return n > i && slices.Contains(names, path[n-1-i]) }
	switch {
	case path[n-1] == "family" && in(1, "alias"):
		r.triggers = append(r.triggers, name)
		r.looked = append(r.looked, name)
	case path[n-1] == "family" && in(1, "prefer", "accept", "default") && in(2, "alias"):
		r.added = append(r.added, name)
	case path[n-1] == "string" && slices.Contains(path, "match"):
		r.looked = append(r.looked, name) // a <match>'s tests and edits
	case path[n-1] == "family":
		r.looked = append(r.looked, name)
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// rewriteMain is the main file with its include of conf.d replaced by one
// include per kept file, in the same order.
func rewriteMain(sys System, keep []string) ([]byte, error) {
	start, end, err := confDInclude(sys)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(sys.MainData[:start])
	b.WriteString("<!-- mpsim: " + filepath.Base(sys.ConfD) + " without the files that cannot change a match -->")
	for _, path := range keep {
		b.WriteString("\n\t<include ignore_missing=\"yes\">")
		if err := xml.EscapeText(&b, []byte(path)); err != nil {
			return nil, err
		}
		b.WriteString("</include>")
	}
	b.Write(sys.MainData[end:])
	return b.Bytes(), nil
}

// confDInclude finds the byte range of the main file's <include> of the
// conf.d directory. A path elsewhere in the file that is relative to the
// file's own directory would no longer resolve from another file: such a
// configuration is not rewritten.
func confDInclude(sys System) (start, end int, err error) {
	elems, err := pathElements(sys.MainData)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", sys.Main, err)
	}
	start, end = -1, -1
	for _, e := range elems {
		switch {
		case e.name == "include" && start < 0 && includesConfD(sys, e.path, e.prefix):
			start, end = e.start, e.end
		case !portablePath(e.path, e.prefix):
			return 0, 0, fmt.Errorf("%w: %s names %q relative to its directory", ErrNotPrunable, sys.Main, e.path)
		}
	}
	if start < 0 {
		return 0, 0, fmt.Errorf("%w: %s does not include %s", ErrNotPrunable, sys.Main, sys.ConfD)
	}
	return start, end, nil
}

// pathElement is an element of a fontconfig file that names a path.
type pathElement struct {
	name, prefix, path string
	start, end         int // its bytes in the file
}

// pathElements lists the <include>, <dir> and <cachedir> elements of data.
func pathElements(data []byte) ([]pathElement, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var elems []pathElement
	var open *pathElement
	var text strings.Builder
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return elems, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if slices.Contains([]string{"include", "dir", "cachedir"}, t.Name.Local) {
				open = &pathElement{name: t.Name.Local, prefix: attr(t, "prefix"), start: before}
				text.Reset()
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if open != nil && t.Name.Local == open.name {
				open.path, open.end = strings.TrimSpace(text.String()), int(d.InputOffset())
				elems = append(elems, *open)
				open = nil
			}
		}
	}
}

// includesConfD says whether an <include> of path names sys.ConfD.
func includesConfD(sys System, path, prefix string) bool {
	if prefix != "" && prefix != "default" {
		return false
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(sys.Main), path)
	}
	return filepath.Clean(path) == filepath.Clean(sys.ConfD)
}

// portablePath says whether path, of an element with that prefix attribute,
// means the same from any file.
func portablePath(path, prefix string) bool {
	switch prefix {
	case "xdg", "cwd":
		return true
	case "relative":
		return false
	}
	return filepath.IsAbs(path) || strings.HasPrefix(path, "~")
}
