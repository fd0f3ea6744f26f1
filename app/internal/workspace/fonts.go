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
	return fmt.Sprintf("no installed font covers %s (%s script): WebKit will draw none of the page's %s text here; install one (Debian and Ubuntu: fonts-wqy-microhei, 5 MB, or fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-core for most others)",
		name, scriptName, name)
}

// noWriting are the ISO 15924 codes that name no script a font is
// for: unknown or uncoded (Zzzz: a sign language such as sgn-BE-FR, whose
// likely subtags name no script), common, inherited, unwritten, symbols
// and notation.
var noWriting = map[string]bool{"Zzzz": true, "Zyyy": true, "Zinh": true, "Zxxx": true, "Zmth": true, "Zsym": true, "Zsye": true}
