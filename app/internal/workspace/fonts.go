package workspace

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// wideScripts are the scripts the fonts of a minimal desk (DejaVu, URW)
// cover; a page in another script may have no font at all.
var wideScripts = map[string]bool{"Latn": true, "Cyrl": true, "Grek": true, "Arab": true, "Hebr": true, "Armn": true, "Geor": true}

// fontLister lists the families of the installed fonts that cover a
// language (fontconfig's `fc-list :lang=L family`); an error when it
// cannot tell.
type fontLister func(ctx context.Context, lang string) (string, error)

// fcList is the fontLister of this machine.
func fcList(ctx context.Context, lang string) (string, error) {
	out, err := exec.CommandContext(ctx, "fc-list", ":lang="+lang, "family").Output()
	return string(out), err
}

// FontWarning says, when the first of a launch's languages is written in
// a script no installed font covers (Japanese on a desk with only DejaVu),
// that WebKit will draw none of the page's text in it and what to install;
// "" when a font covers it, when its script is one every desk has fonts
// for, when it has no known script (a sign language, und), or when
// fontconfig cannot tell. langs are Accept-Language entries.
func FontWarning(langs []string) string {
	return fontWarning(langs, fcList)
}

func fontWarning(langs []string, list fontLister) string {
	if len(langs) == 0 {
		return ""
	}
	first, _, _ := strings.Cut(langs[0], ";")
	tag, err := language.Parse(strings.TrimSpace(first))
	if err != nil {
		return ""
	}
	script, conf := tag.Script()
	base, baseConf := tag.Base() // und's base is only a guess (en)
	if wideScripts[script.String()] || baseConf != language.Exact || conf == language.No || noWriting[script.String()] {
		return ""
	}
	// fontconfig's language names: "ja", "ko", "zh-cn"/"zh-tw", "th" …
	lang := base.String()
	if lang == "zh" {
		lang = "zh-cn"
		if script.String() == "Hant" {
			lang = "zh-tw"
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := list(ctx, lang)
	if err != nil || strings.TrimSpace(out) != "" {
		return ""
	}
	name := display.English.Languages().Name(tag)
	if name == "" {
		name = tag.String()
	}
	scriptName := display.English.Scripts().Name(script)
	if scriptName == "" {
		scriptName = script.String()
	}
	advice, ok := fontPackages[script.String()]
	if !ok {
		advice = otherFonts
	}
	return fmt.Sprintf("no installed font covers %s (%s script): WebKit will draw none of the page's %s text here; install one (Debian and Ubuntu: %s)",
		name, scriptName, name, advice)
}

// cjkFonts is the advice for Chinese, Japanese and Korean: WenQuanYi Micro
// Hei covers all three for fontconfig (ja, ko, zh-cn, zh-tw), as
// scripts/install-deps.sh installs it.
const cjkFonts = "fonts-wqy-microhei, 1.6 MB, or fonts-noto-cjk, 57 MB"

// otherFonts is the advice for a script fontPackages does not name.
const otherFonts = "fonts-noto-core, 12 MB, covers most scripts; fonts-noto-extra the rest"

// fontPackages names, by ISO 15924 script, the Debian 12 (and Ubuntu)
// packages whose fonts cover it for fontconfig, the smallest first, with
// what they fetch. Before, every script was told fonts-wqy-microhei, which
// has no Thai or Indic glyph.
var fontPackages = map[string]string{
	"Hans": cjkFonts, "Hant": cjkFonts, "Hani": cjkFonts, "Jpan": cjkFonts, "Kore": cjkFonts,
	"Thai": "fonts-thai-tlwg, 3.8 MB, or fonts-noto-core, 12 MB",
	"Deva": "fonts-lohit-deva, 0.1 MB, or fonts-noto-core, 12 MB",
	"Beng": "fonts-lohit-beng-bengali, 0.1 MB, or fonts-noto-core, 12 MB",
	"Gujr": "fonts-lohit-gujr, 0.1 MB, or fonts-noto-core, 12 MB",
	"Guru": "fonts-lohit-guru, 0.1 MB, or fonts-noto-core, 12 MB",
	"Knda": "fonts-lohit-knda, 0.1 MB, or fonts-noto-core, 12 MB",
	"Mlym": "fonts-lohit-mlym, 0.1 MB, or fonts-noto-core, 12 MB",
	"Orya": "fonts-lohit-orya, 0.1 MB, or fonts-noto-core, 12 MB",
	"Taml": "fonts-lohit-taml, 0.1 MB, or fonts-noto-core, 12 MB",
	"Telu": "fonts-lohit-telu, 0.1 MB, or fonts-noto-core, 12 MB",
	"Sinh": "fonts-lklug-sinhala, 0.1 MB, or fonts-noto-core, 12 MB",
	"Tibt": "fonts-tibetan-machine, 0.9 MB, or fonts-noto-core, 12 MB",
	"Khmr": "fonts-khmeros, 0.3 MB, or fonts-noto-core, 12 MB",
	"Laoo": "fonts-lao, 0.1 MB, or fonts-noto-core, 12 MB",
	"Mymr": "fonts-sil-padauk, 1.4 MB, or fonts-noto-core, 12 MB",
	"Ethi": "fonts-sil-abyssinica, 1.1 MB, or fonts-noto-core, 12 MB",
}

// noWriting are the ISO 15924 codes that name no script a font is
// for: unknown or uncoded (Zzzz: a sign language such as sgn-BE-FR, whose
// likely subtags name no script), common, inherited, unwritten, symbols
// and notation.
var noWriting = map[string]bool{"Zzzz": true, "Zyyy": true, "Zinh": true, "Zxxx": true, "Zmth": true, "Zsym": true, "Zsye": true}
