package matrix

import (
	"strings"
	"testing"
)

// TestScenarioNameRuleIsSaidInWords: a scenario name the schema's pattern
// refuses (one in another script, one with a space, one that starts with
// '-') is said at its file:line in a sentence: which characters a name
// takes, why, and that text in another script goes in description. Before,
// it was the pattern itself: "intl.toml:2: scenario[1].name: '購買方案' does
// not match pattern '^[A-Za-z0-9][A-Za-z0-9._-]*$'". A good name in the same
// file still loads.
func TestScenarioNameRuleIsSaidInWords(t *testing.T) {
	for _, name := range []string{"購買方案", "شراء", "ซื้อแพ็กเกจ", "buy plan", "-buy", ".buy", "buy/esim", ""} {
		t.Run(name, func(t *testing.T) {
			src := "[[scenario]]\nname = \"ok\"\n\n[[scenario]]\ndescription = \"購買方案\"\nname = \"" + name + "\"\nsims = [\"esim\"]\n"
			good, broken := ParseEach("intl.toml", []byte(src), nil)
			if len(good) != 1 || good[0].Name != "ok" {
				t.Errorf("good = %+v, want scenario ok", good)
			}
			if len(broken) != 1 {
				t.Fatalf("broken = %+v", broken)
			}
			reason := broken[0].Reason()
			want := `intl.toml:6: scenario[2].name "` + name + `": a scenario name is ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, because it becomes file names and JUnit test names; put a name in another script in description`
			if !strings.Contains(reason, want) {
				t.Errorf("reason %q\nwant it to contain %q", reason, want)
			}
			if strings.Contains(reason, "pattern") {
				t.Errorf("reason %q says the pattern", reason)
			}
		})
	}
	for _, name := range []string{"buy", "buy-cjk", "buy_2.v1", "9lives"} {
		if _, err := Parse("intl.toml", []byte("[[scenario]]\nname = \""+name+"\"\n"), nil); err != nil {
			t.Errorf("name %q: %v", name, err)
		}
	}
}
