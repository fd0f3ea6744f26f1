package inspect

import (
	"encoding/json"
	"io"
	"time"
)

// Summarize is a placeholder until har.go lands (helper branch inspectui).
func Summarize(reqs []Request, console []ConsoleMessage) Summary {
	s := Summary{ByType: map[string]int{}}
	for _, q := range reqs {
		s.Requests++
		s.ByType[q.Type]++
		if q.Bytes > 0 {
			s.Bytes += q.Bytes
		}
		switch {
		case q.Failed != "" && !q.Cancelled:
			s.Failed++
		case q.Status >= 400:
			s.HTTPErrors++
		}
	}
	for _, c := range console {
		switch {
		case c.Kind != ConsoleCall:
			s.PageErrors++
		case c.Level == "error":
			s.ConsoleErrors++
		case c.Level == "warn":
			s.ConsoleWarnings++
		}
	}
	return s
}

// HARMeta is a placeholder until har.go lands.
type HARMeta struct {
	Creator, Version   string
	PageURL, PageTitle string
	Started            time.Time
	OnLoadMs           float64
}

// WriteHAR is a placeholder until har.go lands.
func WriteHAR(w io.Writer, meta HARMeta, reqs []Request) error {
	return json.NewEncoder(w).Encode(map[string]any{"log": map[string]any{"version": "1.2", "entries": reqs}})
}
