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
// for, or when fontconfig cannot tell. langs are Accept-Language entries.
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
	script, _ := tag.Script()
	base, _ := tag.Base()
	if wideScripts[script.String()] || base.String() == "und" {
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
	return fmt.Sprintf("no installed font covers %s (%s script): WebKit will draw none of the page's %s text here; install one (Debian and Ubuntu: fonts-wqy-microhei, 5 MB, or fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-core for most others)",
		name, display.English.Scripts().Name(script), name)
}
