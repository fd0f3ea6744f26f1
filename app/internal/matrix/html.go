package matrix

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"time"

	"mpsim/app/internal/session"
	"mpsim/assets"
	"mpsim/bridge"
)

// TemplatePath is where the HTML report's template is in the embedded assets.
const TemplatePath = "report/matrix.html.tmpl"

type htmlCell struct {
	CellResult
	Anchor string
}

// Steps are the scenario steps the cell's session performed, in order.
func (c *htmlCell) Steps() []session.StepResult {
	if c.Report == nil {
		return nil
	}
	var out []session.StepResult
	for _, e := range c.Report.Log {
		if e.Kind == session.KindStep && e.Step != nil {
			out = append(out, *e.Step)
		}
	}
	return out
}

type htmlRow struct {
	Scenario, Description string
	Cells                 []*htmlCell // per column; nil: no such cell
}

type htmlData struct {
	Title, Generated, Duration, Shard, Version, Run string
	Seed                                            int64
	Retries                                         int
	Redacted, NoInspect, NoAxe                      bool
	Summary                                         Summary
	Columns                                         []string
	Rows                                            []htmlRow
	Cells                                           []*htmlCell
}

var notAnchor = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// WriteHTML writes r as one self-contained HTML page: the summary matrix
// (scenario rows × language · SIM columns) and every cell's details.
func WriteHTML(w io.Writer, r Results) error {
	src, err := fs.ReadFile(assets.FS(), TemplatePath)
	if err != nil {
		return err
	}
	t, err := template.New("report").Funcs(template.FuncMap{
		"statusText": statusText,
		"inc":        func(i int) int { return i + 1 },
		"sources":    bridge.SourcesOf,
		"ms": func(v *float64) string {
			if v == nil {
				return "—"
			}
			return fmt.Sprintf("%.0f ms", *v)
		},
	}).Parse(string(src))
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	d := htmlData{
		Title:     "mpsim test report",
		Generated: r.Started.Local().Format("2006-01-02 15:04:05 MST"),
		Duration:  (time.Duration(r.DurationMs) * time.Millisecond).Round(100 * time.Millisecond).String(),
		Shard:     r.Shard, Version: r.Version, Run: r.Run, Seed: r.Seed, Redacted: r.Redacted, NoInspect: r.NoInspect, NoAxe: r.NoAxe, Retries: r.Retries, Summary: r.Summary(),
	}
	colIdx := map[string]int{}
	rowIdx := map[string]int{}
	for _, c := range r.Cells {
		if _, ok := colIdx[c.Column()]; !ok {
			colIdx[c.Column()] = 0
			d.Columns = append(d.Columns, c.Column())
		}
	}
	slices.Sort(d.Columns)
	for i, c := range d.Columns {
		colIdx[c] = i
	}
	for _, c := range r.Cells {
		hc := &htmlCell{CellResult: c, Anchor: "cell-" + notAnchor.ReplaceAllString(c.ID, "-")}
		d.Cells = append(d.Cells, hc)
		i, ok := rowIdx[c.Scenario.Name]
		if !ok {
			i = len(d.Rows)
			rowIdx[c.Scenario.Name] = i
			d.Rows = append(d.Rows, htmlRow{Scenario: c.Scenario.Name, Description: c.Scenario.Description, Cells: make([]*htmlCell, len(d.Columns))})
		}
		d.Rows[i].Cells[colIdx[c.Column()]] = hc
	}
	return t.Execute(w, d)
}

func statusText(s Status) string {
	switch s {
	case StatusMet:
		return "met ✓"
	case StatusUnmet:
		return "not met ✗"
	case StatusError:
		return "could not run"
	}
	return "skipped"
}
