package fontconf

/*
#cgo pkg-config: fontconfig
#include <fontconfig/fontconfig.h>
#include <stdlib.h>

static int mpsim_fc_version(void) { return FcGetVersion(); }

static char *mpsim_fc_main_file(void) {
	FcChar8 *f = FcConfigFilename(NULL);
	return (char *)f;
}

static FcFontSet *mpsim_fc_families(FcConfig **out) {
	FcConfig *c = FcInitLoadConfigAndFonts();
	*out = c;
	if (!c) return NULL;
	FcPattern *p = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)0);
	FcFontSet *fs = FcFontList(c, p, os);
	FcObjectSetDestroy(os);
	FcPatternDestroy(p);
	return fs;
}

static char *mpsim_fc_family(FcFontSet *fs, int font, int id) {
	FcChar8 *s = NULL;
	if (FcPatternGetString(fs->fonts[font], FC_FAMILY, id, &s) != FcResultMatch) return NULL;
	return (char *)s;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unsafe"
)

// Load reads the system's fontconfig configuration: the main file
// fontconfig would read in this environment, its conf.d files, and the
// families of the installed fonts.
func Load() (System, error) {
	main, err := mainFile()
	if err != nil {
		return System{}, err
	}
	data, err := os.ReadFile(main)
	if err != nil {
		return System{}, fmt.Errorf("reading fontconfig's configuration: %w", err)
	}
	sys := System{Main: main, MainData: data, ConfD: filepath.Join(filepath.Dir(main), "conf.d")}
	if sys.Files, err = confFiles(sys.ConfD); err != nil {
		return System{}, err
	}
	sys.Installed, err = installedFamilies()
	return sys, err
}

// mainFile is the path of the configuration file fontconfig reads first in
// this environment.
func mainFile() (string, error) {
	cs := C.mpsim_fc_main_file()
	if cs == nil {
		return "", fmt.Errorf("%w: fontconfig names no configuration file", ErrNotPrunable)
	}
	defer C.free(unsafe.Pointer(cs))
	return C.GoString(cs), nil
}

// version is the fontconfig library's version, like 21401.
func version() int { return int(C.mpsim_fc_version()) }

// confFiles reads the files fontconfig loads from dir: [0-9]*.conf, in the
// order of their names. A link to nowhere is left out, as fontconfig does.
func confFiles(dir string) ([]File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotPrunable, err)
	}
	var files []File
	for _, e := range entries {
		name := e.Name()
		if name == "" || name[0] < '0' || name[0] > '9' || !strings.HasSuffix(name, ".conf") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading fontconfig's configuration: %w", err)
		}
		files = append(files, File{Name: name, Data: data})
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return files, nil
}

// installedFamilies lists every family name of every installed font, in a
// configuration of fontconfig's own that this process does not keep.
func installedFamilies() ([]string, error) {
	var cfg *C.FcConfig
	fs := C.mpsim_fc_families(&cfg)
	if cfg != nil {
		defer C.FcConfigDestroy(cfg)
	}
	if fs == nil {
		return nil, errors.New("fontconfig lists no fonts")
	}
	defer C.FcFontSetDestroy(fs)
	seen := map[string]bool{}
	var names []string
	for font := 0; font < int(fs.nfont); font++ {
		for id := 0; ; id++ {
			s := C.mpsim_fc_family(fs, C.int(font), C.int(id))
			if s == nil {
				break
			}
			if name := C.GoString(s); !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names, nil
}
