package settings

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want func(Settings) bool
		errs []string
	}{
		{"empty", nil, func(s Settings) bool { return s == Settings{} }, nil},
		{"all good", map[string]string{AutoOpen: "3", DemoChoice: "buy-slow", DemoAPI: "inline", DemoBreak: "1", Presenter: "1", Theme: "LIGHT",
			Preset: "french-user", Tab: "esim lifecycle", Inspect: "true", PortalAt: "10, 20.5", Compositing: "Off", Verbose: "yes", ConfigDir: "/x",
			HistoryDir: "/h", HistoryKeep: "5"},
			func(s Settings) bool {
				return s.AutoOpen == 3 && s.DemoChoice == "buy-slow" && s.DemoAPI == "inline" && s.DemoBreak && s.Presenter && s.Theme == "light" &&
					s.Preset == "french-user" && s.Tab == "eSIM lifecycle" && s.Inspect && *s.PortalAt == Point{10, 20.5} &&
					s.Compositing == "off" && s.Verbose && s.ConfigDir == "/x" &&
					s.HistoryDir == "/h" && s.HistoryKeep != nil && *s.HistoryKeep == 5
			}, nil},
		{"zero switches", map[string]string{Presenter: "0", AutoOpen: "0", Verbose: "false"}, func(s Settings) bool { return !s.Presenter && s.AutoOpen == 0 && !s.Verbose }, nil},
		{"bad values", map[string]string{AutoOpen: "abc", DemoChoice: "maybe", DemoAPI: "soap", Presenter: "2", Theme: "blue",
			Tab: "Settings", PortalAt: "10", Compositing: "gpu", Inspect: "x", Verbose: "loud", DemoBreak: "maybe"},
			func(s Settings) bool { return s.AutoOpen == 0 && s.PortalAt == nil && s.Theme == "" },
			[]string{`MPSIM_AUTOOPEN="abc"`, `MPSIM_DEMO_CHOICE="maybe"`, `MPSIM_DEMO_API="soap"`, `MPSIM_PRESENTER="2"`, `MPSIM_THEME="blue"`,
				`MPSIM_TAB="Settings"`, `MPSIM_PORTAL_AT="10"`, `MPSIM_COMPOSITING="gpu"`, `MPSIM_INSPECT="x"`, `MPSIM_VERBOSE="loud"`, `MPSIM_DEMO_BREAK="maybe"`}},
		{"negative autoopen", map[string]string{AutoOpen: "-1"}, func(s Settings) bool { return s.AutoOpen == 0 }, []string{`MPSIM_AUTOOPEN="-1"`}},
		{"history off", map[string]string{HistoryKeep: "0"}, func(s Settings) bool { return s.HistoryKeep != nil && *s.HistoryKeep == 0 }, nil},
		{"bad keep", map[string]string{HistoryKeep: "many"}, func(s Settings) bool { return s.HistoryKeep == nil }, []string{`MPSIM_HISTORY_KEEP="many"`}},
		{"relative directories", map[string]string{ConfigDir: "cfg", HistoryDir: "~/h"}, func(s Settings) bool { return s.ConfigDir == "cfg" },
			[]string{`MPSIM_CONFIG_DIR="cfg" is a relative path`, `MPSIM_HISTORY_DIR="~/h" is a relative path`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Read(env(tc.vars))
			if !tc.want(s) {
				t.Errorf("Read = %+v", s)
			}
			if len(tc.errs) == 0 && err != nil {
				t.Errorf("unexpected error: %v", err)
			}
			for _, e := range tc.errs {
				if err == nil || !strings.Contains(err.Error(), e) {
					t.Errorf("error %v; want %q in it", err, e)
				}
			}
			if err != nil && strings.Count(err.Error(), "\n")+1 != len(tc.errs) {
				t.Errorf("%d errors for %d bad values: %v", strings.Count(err.Error(), "\n")+1, len(tc.errs), err)
			}
		})
	}
}

// TestEveryVariableIsListed: every MPSIM_* name in the sources and scripts
// is in Vars (or is one the tests alone read).
func TestEveryVariableIsListed(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	listed := map[string]bool{}
	for _, v := range Vars() {
		listed[v.Name] = true
	}
	for _, n := range TestOnly {
		listed[n] = true
	}
	re := regexp.MustCompile(`MPSIM_[A-Z_]+[A-Z]`)
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "bin" || d.Name() == "out") {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sh") || d.Name() == "Makefile") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllString(string(b), -1) {
			if m == "MPSIM_CONFIG" { // the shim's placeholder, not a variable
				continue
			}
			found[m] = true
			if !listed[m] {
				t.Errorf("%s reads %s, which 'mpsim help environment' does not list", path, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range listed {
		if !found[name] && !slices.Contains(TestOnly, name) {
			t.Errorf("%s is listed but nothing reads it", name)
		}
	}
}

// A relative MPSIM_CONFIG_DIR or MPSIM_HISTORY_DIR named another directory
// from each current directory: `cd a; mpsim` and `cd b; mpsim` had two
// devices. It is refused, with the absolute path it names from here.
func TestAbsDir(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		value string
		want  string // in the error; "" for none
	}{
		{"", ""},
		{"/abs/cfg", ""},
		{"cfg", `MPSIM_CONFIG_DIR="cfg" is a relative path, which would name another directory in each current directory: give an absolute path (from here: MPSIM_CONFIG_DIR=` + filepath.Join(wd, "cfg") + ")"},
		{"./cfg/../x", "(from here: MPSIM_CONFIG_DIR=" + filepath.Join(wd, "x") + ")"},
		{"~/cfg", "write $HOME"},
		// A stray space: the path meant, not the current directory's
		// (found on a desk: it suggested "MPSIM_CONFIG_DIR=/here/ /abs").
		{" /abs/cfg", "(it starts or ends with white space: MPSIM_CONFIG_DIR=/abs/cfg)"},
	}
	for _, tc := range tests {
		err := AbsDir(ConfigDir, tc.value)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("AbsDir(%q) = %v, want none", tc.value, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("AbsDir(%q) = %v, want %q in it", tc.value, err, tc.want)
		}
	}
}
