package fontconf

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const mainConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
	<dir>/usr/share/fonts</dir>
	<dir prefix="xdg">fonts</dir>
	<dir>~/.fonts</dir>
	<include ignore_missing="yes">conf.d</include>
	<cachedir>/var/cache/fontconfig</cachedir>
</fontconfig>
`

// conf wraps rules in a fontconfig file.
func conf(rules string) []byte {
	return []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig><description>x</description>` + rules + `</fontconfig>`)
}

// preferForSans is an alias that prefers families for sans-serif.
func preferForSans(families ...string) string {
	var b strings.Builder
	b.WriteString(`<alias><family>sans-serif</family><prefer>`)
	for _, f := range families {
		b.WriteString("<family>" + f + "</family>")
	}
	b.WriteString(`</prefer></alias>`)
	return b.String()
}

func TestPruneLeavesOutOnlyWhatCannotChangeAMatch(t *testing.T) {
	installed := []string{"DejaVu Sans", "Nimbus Sans"}
	tests := []struct {
		name  string
		files []File
		skip  []string
	}{
		{"generic aliases of fonts not installed", []File{
			{"65-nonlatin.conf", conf(preferForSans("Artsounk", "Noto Sans CJK JP"))},
		}, []string{"65-nonlatin.conf"}},
		{"an installed font, in other case and blanks", []File{
			{"60-latin.conf", conf(preferForSans("Bitstream Vera Sans", "dejavusans"))},
		}, nil},
		{"a generic family added", []File{
			{"45-x.conf", conf(`<alias><family>sans-serif</family><default><family>monospace</family></default></alias>`)},
		}, nil},
		{"a family a later file reacts to", []File{
			{"65-nonlatin.conf", conf(preferForSans("Artsounk"))},
			{"70-x.conf", conf(`<alias><family>Artsounk</family><accept><family>Nimbus Sans</family></accept></alias>`)},
		}, nil},
		{"a family only an earlier file reacts to", []File{
			{"40-nonlatin.conf", conf(`<alias><family>Artsounk</family><default><family>serif</family></default></alias>`)},
			{"65-nonlatin.conf", conf(preferForSans("Artsounk"))},
		}, []string{"65-nonlatin.conf"}},
		{"a family a later match tests", []File{
			{"65-nonlatin.conf", conf(preferForSans("Artsounk"))},
			{"80-x.conf", conf(`<match target="pattern"><test name="family"><string>Artsounk</string></test><edit name="weight"><int>200</int></edit></match>`)},
		}, nil},
		{"a match rule", []File{
			{"49-sansserif.conf", conf(`<match target="pattern"><test qual="all" name="family" compare="not_eq"><string>sans-serif</string></test><edit name="family" mode="append_last"><string>sans-serif</string></edit></match>`)},
		}, nil},
		{"a strong binding", []File{
			{"65-x.conf", conf(`<alias binding="strong"><family>sans-serif</family><prefer><family>Artsounk</family></prefer></alias>`)},
		}, nil},
		{"a font name as trigger", []File{
			{"30-metric-aliases.conf", conf(`<alias binding="same"><family>Arial</family><accept><family>Liberation Sans</family></accept></alias>`)},
		}, nil},
		{"rendering settings", []File{
			{"10-hinting-slight.conf", conf(`<match target="pattern"><edit name="hintstyle" mode="append"><const>hintslight</const></edit></match>`)},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := Prune(System{Main: "/etc/fonts/fonts.conf", MainData: []byte(mainConf), ConfD: "/etc/fonts/conf.d", Files: tt.files, Installed: installed})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(plan.Skipped, tt.skip) {
				t.Errorf("skipped %q; want %q", plan.Skipped, tt.skip)
			}
			for _, f := range tt.files {
				include := `<include ignore_missing="yes">/etc/fonts/conf.d/` + f.Name + `</include>`
				if got, want := strings.Contains(string(plan.Config), include), !slices.Contains(tt.skip, f.Name); got != want {
					t.Errorf("configuration includes %s: %v; want %v\n%s", f.Name, got, want, plan.Config)
				}
			}
		})
	}
}

func TestPruneKeepsTheMainFile(t *testing.T) {
	plan, err := Prune(System{Main: "/etc/fonts/fonts.conf", MainData: []byte(mainConf), ConfD: "/etc/fonts/conf.d",
		Files:     []File{{"65-nonlatin.conf", conf(preferForSans("Artsounk"))}, {"60-latin.conf", conf(preferForSans("DejaVu Sans"))}},
		Installed: []string{"DejaVu Sans"}})
	if err != nil {
		t.Fatal(err)
	}
	got := string(plan.Config)
	for _, want := range []string{`<dir>/usr/share/fonts</dir>`, `<dir prefix="xdg">fonts</dir>`, `<cachedir>/var/cache/fontconfig</cachedir>`,
		`<include ignore_missing="yes">/etc/fonts/conf.d/60-latin.conf</include>`} {
		if !strings.Contains(got, want) {
			t.Errorf("configuration lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, ">conf.d</include>") || strings.Contains(got, "65-nonlatin") {
		t.Errorf("configuration still includes conf.d or 65-nonlatin.conf:\n%s", got)
	}
	if strings.Index(got, "60-latin") > strings.Index(got, "<cachedir>") {
		t.Errorf("the kept files moved from where conf.d was included:\n%s", got)
	}
}

func TestPruneRefusesWhatItCannotRewrite(t *testing.T) {
	tests := []struct{ name, main string }{
		{"no conf.d", `<fontconfig><dir>/usr/share/fonts</dir></fontconfig>`},
		{"a directory relative to the file", `<fontconfig><dir>fonts</dir><include>conf.d</include></fontconfig>`},
		{"an include relative to the file", `<fontconfig><include>conf.d</include><include>local.conf</include></fontconfig>`},
		{"a prefix relative to the file", `<fontconfig><include>conf.d</include><cachedir prefix="relative">cache</cachedir></fontconfig>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Prune(System{Main: "/etc/fonts/fonts.conf", MainData: []byte(tt.main), ConfD: "/etc/fonts/conf.d"})
			if !errors.Is(err, ErrNotPrunable) {
				t.Errorf("Prune: %v; want ErrNotPrunable", err)
			}
		})
	}
}

func TestPruneReportsABrokenFile(t *testing.T) {
	_, err := Prune(System{Main: "/etc/fonts/fonts.conf", MainData: []byte(mainConf), ConfD: "/etc/fonts/conf.d",
		Files: []File{{"65-broken.conf", []byte("<fontconfig><alias>")}}})
	if err == nil || !strings.Contains(err.Error(), "65-broken.conf") {
		t.Errorf("Prune: %v; want an error naming 65-broken.conf", err)
	}
}

func FuzzPrune(f *testing.F) {
	f.Add([]byte(mainConf), conf(preferForSans("Artsounk")))
	f.Fuzz(func(t *testing.T, main, file []byte) {
		plan, err := Prune(System{Main: "/etc/fonts/fonts.conf", MainData: main, ConfD: "/etc/fonts/conf.d",
			Files: []File{{"65-x.conf", file}}, Installed: []string{"DejaVu Sans"}})
		if err == nil && len(plan.Config) == 0 {
			t.Error("Prune gave no configuration and no error")
		}
	})
}
