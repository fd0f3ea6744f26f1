package fontconf

/*
#cgo pkg-config: fontconfig
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// mpsim_fc_load makes a configuration of its own: the system's (file NULL)
// or the one in file.
static FcConfig *mpsim_fc_load(const char *file) {
	if (!file) return FcInitLoadConfigAndFonts();
	FcConfig *c = FcConfigCreate();
	if (!c) return NULL;
	if (!FcConfigParseAndLoad(c, (const FcChar8 *)file, FcTrue) || !FcConfigBuildFonts(c)) {
		FcConfigDestroy(c);
		return NULL;
	}
	return c;
}

static FcPattern *mpsim_fc_request(FcConfig *c, const char *family, int weight, const char *lang) {
	FcPattern *p = FcPatternCreate();
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(p, FC_WEIGHT, weight);
	FcPatternAddDouble(p, FC_PIXEL_SIZE, 16);
	if (lang && *lang) FcPatternAddString(p, FC_LANG, (const FcChar8 *)lang);
	FcConfigSubstitute(c, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	return p;
}

// mpsim_fc_strongly_aliased is WebKit's check (FontCacheFreeType.cpp,
// strongAliasesForFamily): is matched among the families fontconfig binds
// strongly to family, up to the last strong one?
static int mpsim_fc_strongly_aliased(FcConfig *c, const FcChar8 *family, const FcChar8 *matched) {
	FcPattern *p = FcPatternCreate();
	FcPatternAddString(p, FC_FAMILY, family);
	FcConfigSubstitute(c, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	int lastStrong = -1, found = -1;
	FcValue v;
	FcValueBinding b;
	for (int id = 0; FcPatternGetWithBinding(p, FC_FAMILY, id, &v, &b) == FcResultMatch; id++) {
		if (b == FcValueBindingStrong) lastStrong = id;
		if (found < 0 && v.type == FcTypeString && FcStrCmpIgnoreCase(v.u.s, matched) == 0) found = id;
	}
	FcPatternDestroy(p);
	return found >= 0 && found <= lastStrong;
}

// mpsim_fc_signature says what a request gets: the matched font, whether
// WebKit takes it for the family asked for, and the first fonts of the
// fallback order. The caller frees it.
static char *mpsim_fc_signature(FcConfig *c, const char *family, int weight, const char *lang) {
	FcPattern *p = mpsim_fc_request(c, family, weight, lang);
	FcResult r;
	size_t cap = 4096, n = 0;
	char *out = malloc(cap);
	out[0] = 0;
	FcPattern *m = FcFontMatch(c, p, &r);
	if (m) {
		FcChar8 *file = NULL, *got = NULL, *first = NULL;
		int index = 0;
		FcPatternGetString(m, FC_FILE, 0, &file);
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		FcPatternGetString(m, FC_FAMILY, 0, &got);
		FcPatternGetString(p, FC_FAMILY, 0, &first);
		int taken = got && first && (FcStrCmpIgnoreCase(first, got) == 0 || mpsim_fc_strongly_aliased(c, first, got));
		n += snprintf(out + n, cap - n, "%s#%d taken=%d sort=", file ? (char *)file : "", index, taken);
		FcPatternDestroy(m);
	}
	FcFontSet *s = FcFontSort(c, p, FcTrue, NULL, &r);
	for (int i = 0; s && i < s->nfont && i < 12 && n < cap - 512; i++) {
		FcChar8 *file = NULL;
		FcPatternGetString(s->fonts[i], FC_FILE, 0, &file);
		n += snprintf(out + n, cap - n, "%s,", file ? (char *)file : "");
	}
	if (s) FcFontSetDestroy(s);
	FcPatternDestroy(p);
	return out;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// Request is one font request of a page: a CSS family at a weight, for
// text in a language.
type Request struct {
	Family string
	Weight int // fontconfig's scale: 80 regular, 200 bold
	Lang   string
}

// Requests are the font requests Apply checks before it uses a pruned
// configuration: families portals name, the generic ones, at regular and
// bold weight, for English text.
func Requests() []Request {
	families := []string{
		"Segoe UI", "system-ui", "-apple-system", "BlinkMacSystemFont", "Roboto", "Helvetica Neue", "Helvetica",
		"Arial", "Noto Sans", "Open Sans", "Verdana", "Tahoma", "Times New Roman", "Georgia", "Courier New",
		"Consolas", "ui-monospace", "Menlo", "DejaVu Sans", "Liberation Sans", "Nimbus Sans",
		"sans-serif", "serif", "monospace", "cursive", "fantasy", "emoji",
	}
	var rs []Request
	for _, f := range families {
		for _, w := range []int{80, 200} {
			rs = append(rs, Request{Family: f, Weight: w, Lang: "en"})
		}
	}
	return rs
}

// Differences compares what each request gets from the system's
// configuration and from the one in file; it lists the requests that get
// something else.
func Differences(file string, requests []Request) ([]string, error) {
	system := C.mpsim_fc_load(nil)
	if system == nil {
		return nil, errors.New("fontconfig: the system's configuration does not load")
	}
	defer C.FcConfigDestroy(system)
	cfile := C.CString(file)
	defer C.free(unsafe.Pointer(cfile))
	pruned := C.mpsim_fc_load(cfile)
	if pruned == nil {
		return nil, fmt.Errorf("fontconfig: %s does not load", file)
	}
	defer C.FcConfigDestroy(pruned)
	var diffs []string
	for _, r := range requests {
		want, got := signature(system, r), signature(pruned, r)
		if want != got {
			diffs = append(diffs, fmt.Sprintf("%q weight %d lang %s: the system's gives %s, the pruned %s", r.Family, r.Weight, r.Lang, want, got))
		}
	}
	return diffs, nil
}

func signature(c *C.FcConfig, r Request) string {
	family, lang := C.CString(r.Family), C.CString(r.Lang)
	defer C.free(unsafe.Pointer(family))
	defer C.free(unsafe.Pointer(lang))
	s := C.mpsim_fc_signature(c, family, C.int(r.Weight), lang)
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}
