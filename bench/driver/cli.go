//go:build bench

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// cliCommands are the commands that open no window; issue 15 wants each
// at most 20 ms from exec to exit.
var cliCommands = [][]string{
	{"url", "--json"},
	{"validate", "--json", "@payload"},
	{"device", "show"},
	{"presets"},
	{"--version"},
}

// cliRow is one command's exec → exit times for one binary.
type cliRow struct {
	Binary  string `json:"binary"`
	Command string `json:"command"`
	Stat    *stat  `json:"ms"`
}

// benchCLI times each command of each binary (and /bin/true, the cost of
// exec alone) rounds times, interleaved, the first round discarded.
func benchCLI(bins []string, rounds int, work string) []cliRow {
	cfg := filepath.Join(work, "cli-config")
	payload := filepath.Join(work, "payload.json")
	_ = os.WriteFile(payload, []byte(`"{\"ver\":\"1\",\"purchaseResult\":\"{\\\"purchaseStatus\\\":\\\"Success\\\"}\"}"`), 0o600)
	env := append(os.Environ(), "MPSIM_CONFIG_DIR="+cfg)
	for _, b := range bins {
		c := exec.Command(b, "device", "generate", "--seed", "1")
		c.Env = env
		_ = c.Run()
	}
	type key struct{ bin, cmd string }
	times := map[key][]float64{}
	var order []key
	add := func(k key) {
		if _, ok := times[k]; !ok {
			order = append(order, k)
			times[k] = nil
		}
	}
	for r := 0; r < rounds; r++ {
		t0 := time.Now()
		_ = exec.Command("/bin/true").Run()
		k := key{"/bin/true", "(exec alone)"}
		add(k)
		if r > 0 {
			times[k] = append(times[k], ms(time.Since(t0)))
		}
		for _, b := range bins {
			for _, args := range cliCommands {
				a := make([]string, len(args))
				for i, s := range args {
					if s == "@payload" {
						s = payload
					}
					a[i] = s
				}
				c := exec.Command(b, a...)
				c.Env = env
				t0 := time.Now()
				_ = c.Run()
				k := key{b, fmt.Sprint(args)}
				add(k)
				if r > 0 {
					times[k] = append(times[k], ms(time.Since(t0)))
				}
			}
		}
	}
	var rows []cliRow
	for _, k := range order {
		rows = append(rows, cliRow{Binary: k.bin, Command: k.cmd, Stat: statOf(times[k])})
	}
	return rows
}

func printCLI(rows []cliRow) {
	fmt.Printf("\ncommands without a window, exec → exit (ms): min / median / max\n")
	for _, r := range rows {
		if r.Stat == nil {
			continue
		}
		fmt.Printf("  %-40s %-28s %6.1f / %6.1f / %6.1f\n", r.Binary, r.Command, r.Stat.Min, r.Stat.Median, r.Stat.Max)
	}
}
