package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"mpsim/simulator"
)

// Every line of `mpsim device` has its value in one column, with ten
// profiles or more (an older mpsim's saved device: QA upgrade, "profile
// 10:" was a column out) and ten LPA errors or more alike.
func TestPrintDeviceAlignsItsColumn(t *testing.T) {
	d := simulator.Device{Kind: simulator.KindESIM}
	for i := range 11 {
		d.Profiles = append(d.Profiles, simulator.Profile{ICCID: fmt.Sprintf("89882470001%08d", i), State: simulator.ProfileInstalled, Operator: "Contoso"})
		d.LPAErrors = append(d.LPAErrors, simulator.LPAError{Code: "ServerFailure", ICCID: "8988247000100000001"})
	}
	var b bytes.Buffer
	printDevice(&b, deviceOutput{Device: d})
	const column = 29 // the width of "profile 1:" and its padding
	for _, line := range strings.Split(b.String(), "\n") {
		if !strings.HasPrefix(line, "profile ") && !strings.HasPrefix(line, "LPA error ") {
			continue
		}
		if len(line) <= column || line[column-1] != ' ' || line[column] == ' ' {
			t.Errorf("the value of %q does not start at column %d", line, column)
		}
	}
}
