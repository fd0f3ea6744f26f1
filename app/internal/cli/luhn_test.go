package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// TestDeviceShowLuhnIsAWarning: an ICCID without a Luhn check digit is
// warned about, never an error (contract §5 #17): device show exits 0.
func TestDeviceShowLuhnIsAWarning(t *testing.T) {
	tests := []struct {
		name     string
		device   simulator.Device
		wantCode int
		want     string
	}{
		{"physical SIM ICCID without Luhn digit",
			simulator.Device{Kind: simulator.KindPSIM, IMEI: "356938035643809", ICCID: "8988247000100003313"}, cli.ExitOK, "⚠"},
		{"docs' 20-digit example ICCID on an eSIM profile",
			simulator.Device{Kind: simulator.KindESIM, IMEI: "356938035643809", EID: "89033023422130000000000199272786",
				Profiles: []simulator.Profile{{ICCID: "89000000000000000000", State: simulator.ProfileActive}}}, cli.ExitOK, "⚠"},
		{"18-digit ICCID stays an error",
			simulator.Device{Kind: simulator.KindPSIM, IMEI: "356938035643809", ICCID: "988247000100003555"}, cli.ExitFindings, "✗"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := (simulator.Store{Path: filepath.Join(dir, workspace.DeviceFileName)}).Save(tt.device); err != nil {
				t.Fatal(err)
			}
			r := mpsim(t, dir, "device", "show")
			if r.code != tt.wantCode || !strings.Contains(r.stdout, tt.want) {
				t.Errorf("device show: exit %d, want %d and %q\n%s%s", r.code, tt.wantCode, tt.want, r.stdout, r.stderr)
			}
		})
	}
}
