package bridge

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestArchitectureDocNamesEnvelopeMarkers keeps docs/architecture.md's
// description of the bridge envelope true to the shim: every marker the
// shim writes for a value JSON cannot carry ({"$undefined":true},
// {"$function":…}, …) is named, and so is the one difference from
// JSON.stringify the host relies on: an object argument's own members set
// to undefined are kept as {"$undefined":true} (a misspelt enum member,
// metadata-status-missing). The page said nothing of those members until
// 2026-12-06, nor of $unserializable, $symbol and $bigint.
func TestArchitectureDocNamesEnvelopeMarkers(t *testing.T) {
	shim, err := os.ReadFile("../assets/bridge/shim.js")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i := strings.Index(text, "## Bridge envelope")
	if i < 0 {
		t.Fatal("docs/architecture.md has no section \"## Bridge envelope\"")
	}
	section := text[i:]
	if j := strings.Index(section[1:], "\n## "); j >= 0 {
		section = section[:j+1]
	}
	section = strings.Join(strings.Fields(section), " ") // lines wrap anywhere
	markers := regexp.MustCompile(`\{"\$[a-z]+"`).FindAllString(string(shim), -1)
	if len(markers) == 0 {
		t.Fatal("no markers found in the shim")
	}
	for _, m := range markers {
		if !strings.Contains(section, "`"+m) {
			t.Errorf("the Bridge envelope section does not name the shim's marker %s…}", m)
		}
	}
	for _, want := range []string{"own members the page set to `undefined`", "`{\"moDirectStatus\":{\"$undefined\":true},…}`"} {
		if !strings.Contains(section, want) {
			t.Errorf("the Bridge envelope section does not say %q", want)
		}
	}
}
