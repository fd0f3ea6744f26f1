// Package localefix gives Fyne a locale it can parse when the process runs
// under one it cannot: the C/POSIX locale (LANG=C.UTF-8 or LC_ALL=C.UTF-8,
// the default in containers and CI), or a locale that CLDR does not know
// (xx_YY.UTF-8). Fyne parses the locale while its packages initialise and
// each time it formats for the user, and logs "Error parsing user locale"
// blocks otherwise (facts note §4).
//
// Fyne (through github.com/jeandeaual/go-locale) reads the first of
// LC_ALL, LC_MESSAGES and LANG that is set; unless that is exactly C or
// POSIX, LANGUAGE comes before it when LANGUAGE is set. The fix sets
// LANGUAGE only, and only when what Fyne reads does not parse: LANGUAGE
// is a list of message languages that GNU gettext reads only for the
// message catalogues, and ignores under the C locale (also C.UTF-8 since
// glibc 2.35) and under a locale the system does not have, which are the
// locales that need the fix. LC_ALL, LC_MESSAGES and LANG stay as the user
// set them, for the host and for every process it starts (the portal
// window's collation, numbers and character set): an earlier fix set
// LC_MESSAGES=en_US.UTF-8, which made setlocale fail in the portal window
// on a system without that locale (most containers have C.UTF-8 alone).
//
// It must be imported by package main before anything that imports Fyne;
// it depends on nothing but os, strings and golang.org/x/text/language
// (which Fyne's lang package imports too), so that Go initialises it
// before Fyne's lang package.
package localefix

import (
	"os"
	"strings"

	"golang.org/x/text/language"
)

func init() {
	if value, ok := Fix(os.Getenv); ok {
		_ = os.Setenv("LANGUAGE", value)
	}
}

// fallback is the language Fyne is given when nothing the user set can be
// parsed: Fyne's own choice under the C locale.
const fallback = "en"

// Fix returns the value of LANGUAGE that lets Fyne parse the locale of the
// environment getenv reads, and false when Fyne can parse it as it is.
// Entries of LANGUAGE that Fyne cannot parse are left out (a locale name
// with a modifier and no character set, sr_RS@latin, is given one,
// sr_RS.UTF-8@latin, which gettext reads as the same locale); when none is
// left, or LANGUAGE was not set, it is "en".
func Fix(getenv func(string) string) (string, bool) {
	locale := ""
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(name); locale != "" {
			break
		}
	}
	if locale == "C" || locale == "POSIX" {
		return "", false // Fyne reads no locale at all: English
	}
	list := getenv("LANGUAGE")
	if list == "" {
		if locale == "" || parses(locale) {
			return "", false
		}
		if repaired, ok := repair(locale); ok {
			return repaired, true
		}
		return fallback, true
	}
	var kept []string
	changed := false
	for _, entry := range strings.Split(list, ":") {
		if parses(entry) {
			kept = append(kept, entry)
			continue
		}
		changed = true
		if repaired, ok := repair(entry); ok {
			kept = append(kept, repaired)
		}
	}
	if !changed {
		return "", false
	}
	if len(kept) == 0 {
		return fallback, true
	}
	return strings.Join(kept, ":"), true
}

// parses says whether Fyne can parse the locale name entry: it drops the
// character set, reads language and territory and parses them as a BCP 47
// tag, as go-locale's splitLocale and Fyne's lang package do. An empty
// entry is language "" (go-locale's), which does not parse.
func parses(entry string) bool {
	lang, territory := split(entry)
	tag := lang
	if territory != "" {
		tag += "-" + territory
	}
	_, err := language.Parse(tag)
	return err == nil
}

// split is go-locale's splitLocale: the language and territory of a POSIX
// locale name, language[_territory][.codeset][@modifier], with the codeset
// and everything after it dropped.
func split(entry string) (lang, territory string) {
	name, _, _ := strings.Cut(entry, ".")
	name = strings.ReplaceAll(name, "-", "_")
	lang, territory, _ = strings.Cut(name, "_")
	return lang, territory
}

// repair gives a locale name with a modifier and no character set
// (sr_RS@latin, which Fyne reads as the tag sr-RS@latin) the character set
// UTF-8, which Fyne drops with what follows it, when the rest parses.
func repair(entry string) (string, bool) {
	name, modifier, ok := strings.Cut(entry, "@")
	if !ok || strings.Contains(name, ".") || !parses(name) {
		return "", false
	}
	return name + ".UTF-8@" + modifier, true
}
