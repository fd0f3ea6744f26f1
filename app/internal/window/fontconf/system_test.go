package fontconf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// pruneSystem prunes this machine's configuration into a file.
func pruneSystem(t *testing.T) (string, Plan) {
	t.Helper()
	sys, err := Load()
	if err != nil {
		t.Skipf("this machine's fontconfig configuration: %v", err)
	}
	plan, err := Prune(sys)
	if err != nil {
		t.Skipf("this machine's fontconfig configuration: %v", err)
	}
	path := filepath.Join(t.TempDir(), "pruned.conf")
	if err := os.WriteFile(path, plan.Config, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, plan
}

// TestPrunedMatchesTheSame checks, on this machine's fonts, that the pruned
// configuration gives what the system's gives: the font matched, whether
// WebKit takes it for the family asked for, and the fallback order, for
// the families portals name, in several weights and languages.
func TestPrunedMatchesTheSame(t *testing.T) {
	if os.Getenv(fileEnv)+os.Getenv(pathEnv) != "" {
		t.Skip("FONTCONFIG_FILE or FONTCONFIG_PATH is set")
	}
	path, plan := pruneSystem(t)
	t.Logf("left out: %v", plan.Skipped)
	var requests []Request
	for _, r := range Requests() {
		for _, lang := range []string{"en", "ru", "el", "he", "ar", "fa", "hi", "th", "ja", "ko", "zh-cn", "zh-tw"} {
			for _, w := range []int{50, 80, 200} {
				requests = append(requests, Request{Family: r.Family, Weight: w, Lang: lang})
			}
		}
	}
	diffs, err := Differences(path, requests)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Error(d)
	}
}

// TestDifferencesSeesAnotherFont checks the check: a configuration with
// the system's font directories and none of its rules gives other fonts.
func TestDifferencesSeesAnotherFont(t *testing.T) {
	if os.Getenv(fileEnv)+os.Getenv(pathEnv) != "" {
		t.Skip("FONTCONFIG_FILE or FONTCONFIG_PATH is set")
	}
	main, err := os.ReadFile(defaultMain)
	if err != nil {
		t.Skip(err)
	}
	bare := strings.Replace(string(main), `<include ignore_missing="yes">conf.d</include>`, "", 1)
	if bare == string(main) {
		t.Skip("the main file includes conf.d in another way")
	}
	path := filepath.Join(t.TempDir(), "bare.conf")
	if err := os.WriteFile(path, []byte(bare), 0o600); err != nil {
		t.Fatal(err)
	}
	diffs, err := Differences(path, Requests())
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) == 0 {
		t.Error("a configuration without conf.d gives every request the same font; want differences")
	}
}

func TestApply(t *testing.T) {
	if os.Getenv(fileEnv)+os.Getenv(pathEnv) != "" {
		t.Skip("FONTCONFIG_FILE or FONTCONFIG_PATH is set")
	}
	if _, plan := pruneSystem(t); len(plan.Skipped) == 0 {
		t.Skip("nothing to leave out of this machine's configuration")
	}
	dir := t.TempDir()
	unsetenv(t, fileEnv)
	unsetenv(t, ModeEnv)
	first, err := Apply(dir)
	if err != nil || first.File == "" || os.Getenv(fileEnv) != first.File {
		t.Fatalf("Apply: %+v, %v, FONTCONFIG_FILE %q; want a pruned configuration set", first, err, os.Getenv(fileEnv))
	}
	info, err := os.Stat(first.File)
	if err != nil || info.Size() == 0 {
		t.Fatalf("the pruned configuration: %v, %v", info, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%s holds %d files; want the configuration alone", dir, len(entries))
	}

	unsetenv(t, fileEnv)
	again, err := Apply(dir)
	if err != nil || again.File != first.File {
		t.Fatalf("Apply again: %+v, %v; want %s", again, err, first.File)
	}
	if info2, _ := os.Stat(first.File); !info2.ModTime().Equal(info.ModTime()) {
		t.Error("Apply wrote the configuration again; want the one already made used as it is")
	}

	t.Setenv(fileEnv, "/somewhere/fonts.conf")
	if a, err := Apply(dir); err != nil || a.File != "" || os.Getenv(fileEnv) != "/somewhere/fonts.conf" {
		t.Errorf("Apply with FONTCONFIG_FILE set: %+v, %v, FONTCONFIG_FILE %q; want it left alone", a, err, os.Getenv(fileEnv))
	}
	unsetenv(t, fileEnv)
	t.Setenv(ModeEnv, "system")
	if a, err := Apply(dir); err != nil || a.File != "" || os.Getenv(fileEnv) != "" {
		t.Errorf("Apply with MPSIM_FONTCONFIG=system: %+v, %v, FONTCONFIG_FILE %q; want the system's configuration", a, err, os.Getenv(fileEnv))
	}
}

// TestApplyRemembersARefusal: a configuration that fails its check is not
// planned again by the next window processes; the system's stays.
func TestApplyRemembersARefusal(t *testing.T) {
	if os.Getenv(fileEnv)+os.Getenv(pathEnv) != "" {
		t.Skip("FONTCONFIG_FILE or FONTCONFIG_PATH is set")
	}
	if _, plan := pruneSystem(t); len(plan.Skipped) == 0 {
		t.Skip("nothing to leave out of this machine's configuration")
	}
	unsetenv(t, fileEnv)
	unsetenv(t, ModeEnv)
	dir := t.TempDir()
	key, err := fingerprint(defaultMain)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "fontconfig-"+key+".conf")
	refuse := func(string) error { return ErrNotPrunable }
	if _, err := prune(path, defaultMain, refuse); !errors.Is(err, ErrNotPrunable) {
		t.Fatalf("prune with a failing check: %v; want ErrNotPrunable", err)
	}
	if info, err := os.Stat(path); err != nil || info.Size() != 0 {
		t.Fatalf("after a refusal %s: %v, %v; want an empty file", path, info, err)
	}
	a, err := Apply(dir)
	if err != nil || a.File != "" || os.Getenv(fileEnv) != "" {
		t.Errorf("Apply after a refusal: %+v, %v, FONTCONFIG_FILE %q; want the system's configuration, no error", a, err, os.Getenv(fileEnv))
	}
}

// unsetenv removes name from the environment until the test ends.
func unsetenv(t *testing.T, name string) {
	t.Setenv(name, "") // restores the value at the end
	os.Unsetenv(name)
}

// TestStoreAtOnce stores one configuration from several window processes
// at once (goroutines here): each gets it whole, and no temporary file stays.
func TestStoreAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fontconfig-x.conf")
	config := []byte(strings.Repeat("<fontconfig></fontconfig>\n", 4000))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			errs <- store(path, config, func(string) error { return nil })
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got, _ := os.ReadFile(path); string(got) != string(config) {
		t.Errorf("stored %d bytes; want %d", len(got), len(config))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%s holds %d files; want the configuration alone", dir, len(entries))
	}
}

// TestStoreKeepsNothingThatFailsTheCheck: a configuration that gives other
// fonts is not stored, so the system's stays.
func TestStoreKeepsNothingThatFailsTheCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fontconfig-x.conf")
	err := store(path, []byte("<fontconfig/>"), func(string) error { return ErrNotPrunable })
	if err == nil {
		t.Fatal("store: nil; want the check's error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%s holds %d files; want none", dir, len(entries))
	}
}
