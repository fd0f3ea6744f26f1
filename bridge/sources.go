package bridge

import (
	"regexp"
	"strings"
)

// Source is a public Microsoft page a contract section is drawn from.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

const learnBase = "https://learn.microsoft.com/en-us/windows-hardware/drivers/mobilebroadband/"

// The public pages of docs/contract.md's source table that findings cite.
var (
	pageWebPortal     = Source{"Mobile Plans web portal", learnBase + "mobile-plans-web-portal"}
	pageCallbacks     = Source{"Mobile Plans callback notifications", learnBase + "mobile-plans-callback-notifications"}
	pageLegacy        = Source{"Mobile Plans legacy callback notifications", learnBase + "mobile-plans-legacy-callback-notifications"}
	pageArchitecture  = Source{"Mobile Plans system architecture", learnBase + "mobile-plans-system-architecture"}
	pageServiceConfig = Source{"Mobile Plans service configuration", learnBase + "mobile-plans-service-configuration"}
	pageOverview      = Source{"Mobile Plans", learnBase + "mobile-plans"}
	pageESIMErrors    = Source{"Mobile Plans eSIM error handling", learnBase + "mobile-plans-esim-error-handling"}
	pageWalledGarden  = Source{"Mobile Plans walled garden", learnBase + "mobile-plans-walled-garden"}
)

// sectionRef matches one reference in a finding's Section: "§2.7", "§3 F5",
// "§5 #9".
var sectionRef = regexp.MustCompile(`§(\d+)(?:\.(\d+))?(?: (F\d+|#\d+))?`)

// SourcesOf returns the public pages behind a finding's contract section
// (Finding.Section, e.g. "§2.2, §2.7"), first cited first, each once. §5
// (the inconsistencies between pages) and §6 (identifier formats) are
// mpsim's own comparison of the pages and have no page of their own:
// docs/contract.md has them.
func SourcesOf(section string) []Source {
	var out []Source
	add := func(s Source) {
		for _, have := range out {
			if have == s {
				return
			}
		}
		out = append(out, s)
	}
	for _, m := range sectionRef.FindAllStringSubmatch(section, -1) {
		major, minor := m[1], m[2]
		switch major {
		case "1":
			switch minor {
			case "1":
				add(pageArchitecture)
			case "2":
				add(pageServiceConfig)
			case "4":
				add(pageWebPortal)
				add(pageESIMErrors)
			case "5":
				add(pageOverview)
			default: // §1, §1.3 launch parameters, §1.6 the host around the portal
				add(pageWebPortal)
			}
		case "2":
			if minor == "7" {
				add(pageLegacy)
			} else {
				add(pageCallbacks)
			}
		case "3":
			if strings.HasPrefix(m[3], "F10") {
				add(pageESIMErrors)
			} else {
				add(pageCallbacks)
			}
		case "4":
			add(pageWebPortal)
		case "7":
			add(pageWalledGarden)
		}
	}
	return out
}
