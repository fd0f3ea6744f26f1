// Package localefix gives Fyne a parseable locale when the process runs
// under the C/POSIX locale (LANG=C.UTF-8 is the default in containers and
// CI). Fyne parses the locale while its packages initialise and logs
// "Error parsing user locale C" on every start otherwise (facts note §4).
//
// It must be imported by package main before anything that imports Fyne;
// it depends on nothing but os so that Go initialises it first.
package localefix

import "os"

func init() {
	if os.Getenv("LC_ALL") != "" || os.Getenv("LC_MESSAGES") != "" {
		return
	}
	switch os.Getenv("LANG") {
	case "", "C", "POSIX", "C.UTF-8", "C.utf8":
		// Only the message locale, which Fyne reads; WebKit's languages are
		// set explicitly by the portal window.
		_ = os.Setenv("LC_MESSAGES", "en_US.UTF-8")
	}
}
