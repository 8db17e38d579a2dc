package compare

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
)

// HistogramBins is how many 1-second bins the takeover histogram has
// before its last row, which gathers the slower drivers and those who
// never took over.
const HistogramBins = 15

// barColours are the variants' bar colours (A, B, C, …) when colour is on.
var barColours = []string{"#4E9BFF", "#FF9F1C", "#2EC4B6", "#E71D36", "#B388EB"}

// Histogram draws takeover times (seconds; +Inf for never) as horizontal
// bars, one row per second from 0 to HistogramBins and one for the rest,
// scaled so the longest bar is width cells. Plain text unless colour: the
// bars are block characters either way, so a file or a pipe reads as well
// as a terminal.
func Histogram(times []float64, width int, colour string) string {
	counts := make([]int, HistogramBins+1)
	for _, t := range times {
		b := HistogramBins
		if !math.IsInf(t, 0) && !math.IsNaN(t) && t >= 0 && t < HistogramBins {
			b = int(t)
		}
		counts[b]++
	}
	most := 1
	for _, c := range counts {
		most = max(most, c)
	}
	style := lipgloss.NewStyle()
	if colour != "" {
		style = style.Foreground(lipgloss.Color(colour))
	}
	var b strings.Builder
	for i, c := range counts {
		label := fmt.Sprintf("%d–%d s", i, i+1)
		if i == HistogramBins {
			label = fmt.Sprintf("≥%d/never", HistogramBins)
		}
		bar := bar(c, most, width)
		if colour != "" && bar != "" {
			bar = style.Render(bar)
		}
		fmt.Fprintf(&b, "  %-9s │%s %d\n", label, bar, c)
	}
	return b.String()
}

// bar is count's bar in eighths of a cell, so small differences show.
func bar(count, most, width int) string {
	eighths := (count*width*8 + most/2) / most
	if count > 0 && eighths == 0 {
		eighths = 1 // a driver there is never drawn as none
	}
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s
}

// seconds formats a takeover time for the report.
func seconds(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "never"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + " s"
}

// WriteReport writes the comparison for a reader: per variant the
// summary, the histogram and a row per drill. colour adds colour to the
// bars (only for a terminal that wants it: the caller decides).
func WriteReport(w io.Writer, r *Result, colour bool) error {
	o := r.Options
	var b strings.Builder
	fmt.Fprintf(&b, "cockpit compare: %d variant(s) × %d drill(s) × %d drivers, seed %d\n",
		len(o.Variants), len(o.Drills), o.Drivers, o.Seed)
	fmt.Fprintf(&b, "takeover time: request to automation.takeover (nearest-rank median and p90; a driver who never took over counts as never)\n")
	head := []string{"", "drives", "median", "p90", "MRMs", "collisions", "mean score"}
	for v, vr := range o.Variants {
		fmt.Fprintf(&b, "\n%s  %s", letter(v), vr.Name)
		if vr.Digest != "" {
			fmt.Fprintf(&b, "  (%s)", shortDigest(vr.Digest))
		}
		b.WriteString("\n")
		rows := [][]string{head, summaryRow("all drills", Summarise(r.Select(v, -1)))}
		for d, dr := range o.Drills {
			rows = append(rows, summaryRow(dr.Name, Summarise(r.Select(v, d))))
		}
		writeTable(&b, rows)
		c := ""
		if colour {
			c = barColours[v%len(barColours)]
		}
		b.WriteString("  takeover times, all drills:\n")
		b.WriteString(Histogram(TakeoverTimes(r.Select(v, -1)), 40, c))
	}
	for v := 1; v < len(o.Variants); v++ {
		fmt.Fprintf(&b, "\n%s against A, driver by driver (the same drivers, reactions and traffic; sign test over the drivers it changed)\n", letter(v))
		rows := [][]string{{"", "faster", "slower", "same", "median Δ", "MRMs Δ", "score Δ", "sign p"},
			pairedRow("all drills", r.Compare(v, -1))}
		for d, dr := range o.Drills {
			rows = append(rows, pairedRow(dr.Name, r.Compare(v, d)))
		}
		writeTable(&b, rows)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// letter names variant v as the report does: A, B, …, Z, then V27, V28, …
func letter(v int) string {
	if v < 26 {
		return string(rune('A' + v))
	}
	return "V" + strconv.Itoa(v+1)
}

func shortDigest(d string) string {
	if len(d) > 12 {
		return d[:12]
	}
	return d
}

// pairedRow is a table row of a paired comparison.
func pairedRow(name string, p Paired) []string {
	delta := "—"
	if !math.IsNaN(p.MedianDeltaS) {
		delta = signed(p.MedianDeltaS, 2) + " s"
	}
	return []string{name, strconv.Itoa(p.Faster), strconv.Itoa(p.Slower), strconv.Itoa(p.Same), delta,
		fmt.Sprintf("%+d", p.MRMDelta), signed(p.ScoreDelta, 1), pValue(p.SignP)}
}

// signed formats v with its sign (+0.00 for zero, never −0.00).
func signed(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Trim(s, "-0.") == "" {
		return "±" + strings.TrimPrefix(s, "-")
	}
	if v > 0 {
		return "+" + s
	}
	return s
}

// pValue formats a p-value as a reader wants it: three decimals, or
// "<0.001".
func pValue(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}

func summaryRow(name string, s Summary) []string {
	return []string{name, strconv.Itoa(s.Drives), seconds(s.MedianS), seconds(s.P90S),
		strconv.Itoa(s.MRMs), strconv.Itoa(s.Collisions), strconv.FormatFloat(s.MeanScore, 'f', 1, 64)}
}

// writeTable writes rows in columns: the first left-aligned, the rest
// right-aligned, two spaces apart.
func writeTable(b *strings.Builder, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	for _, r := range rows {
		b.WriteString("  ")
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-lipgloss.Width(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteString("\n")
	}
}

// CSVHeader is the CSV's first row: one row per drive follows.
var CSVHeader = []string{"variant", "hmi", "hmi_digest", "drill", "driver", "driver_seed", "z",
	"phone_task", "work_phone_s", "work_eyes_s", "work_hands_s", "work_input_s",
	"phone_down_s", "eyes_s", "hands_s", "input_s", "modalities", "request_at_s",
	"takeover_s", "mrm", "collision", "score"}

// WriteCSV writes one row per drive, in the result's order. Times are
// seconds after the request; an empty cell is a moment that never came.
func WriteCSV(w io.Writer, r *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, row := range r.Rows {
		o := &row.Outcome
		v := r.Options.Variants[row.Variant]
		rec := []string{letter(row.Variant), v.Name, v.Digest, r.Options.Drills[row.Drill].Name,
			strconv.Itoa(o.Driver.Index), strconv.FormatUint(o.Driver.Seed, 10), num(o.Driver.Z, 4),
			strconv.FormatBool(o.Phone), num(o.Work.Phone, 3), num(o.Work.Eyes, 3), num(o.Work.Hands, 3), num(o.Work.Input, 3),
			moment(o.PhoneS), moment(o.EyesS), moment(o.HandsS), moment(o.InputS), o.Seen.String(),
			moment(o.RequestAtS), moment(o.TakeoverS), strconv.FormatBool(o.MRM), strconv.FormatBool(o.Collision),
			num(o.Score, 1)}
		if !o.Phone {
			rec[8] = "" // no phone to put down
		}
		if !o.Requested {
			rec[17] = ""
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func num(v float64, prec int) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// moment formats a time that may never have come (negative).
func moment(v float64) string {
	if v < 0 {
		return ""
	}
	return num(v, 3)
}

// jsonSummary is a Summary for programs: a percentile that is never is
// null, not a number JSON cannot hold.
type jsonSummary struct {
	Drives     int      `json:"drives"`
	Requests   int      `json:"requests"`
	MedianS    *float64 `json:"median_s"`
	P90S       *float64 `json:"p90_s"`
	MRMs       int      `json:"mrms"`
	Collisions int      `json:"collisions"`
	MeanScore  float64  `json:"mean_score"`
}

func toJSON(s Summary) jsonSummary {
	p := func(v float64) *float64 {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		v = math.Round(v*1000) / 1000
		return &v
	}
	return jsonSummary{Drives: s.Drives, Requests: s.Requests, MedianS: p(s.MedianS), P90S: p(s.P90S),
		MRMs: s.MRMs, Collisions: s.Collisions, MeanScore: math.Round(s.MeanScore*100) / 100}
}

// jsonPaired is a Paired for programs (a median difference that cannot
// be computed is null).
type jsonPaired struct {
	Pairs        int      `json:"pairs"`
	Faster       int      `json:"faster"`
	Slower       int      `json:"slower"`
	Same         int      `json:"same"`
	MedianDeltaS *float64 `json:"median_delta_s"`
	MRMDelta     int      `json:"mrm_delta"`
	ScoreDelta   float64  `json:"score_delta"`
	SignP        float64  `json:"sign_p"`
}

func pairedJSON(p Paired) jsonPaired {
	j := jsonPaired{Pairs: p.Pairs, Faster: p.Faster, Slower: p.Slower, Same: p.Same, MRMDelta: p.MRMDelta,
		ScoreDelta: math.Round(p.ScoreDelta*100) / 100, SignP: math.Round(p.SignP*1e6) / 1e6}
	if !math.IsNaN(p.MedianDeltaS) {
		d := math.Round(p.MedianDeltaS*1000) / 1000
		j.MedianDeltaS = &d
	}
	return j
}

// WriteJSON writes the summaries as one JSON document: per variant, all
// drills and each drill (a null median or p90 means never).
func WriteJSON(w io.Writer, r *Result) error {
	type drillJSON struct {
		Drill string `json:"drill"`
		jsonSummary
	}
	type variantJSON struct {
		Variant string      `json:"variant"`
		HMI     string      `json:"hmi"`
		Digest  string      `json:"hmi_digest,omitempty"`
		All     jsonSummary `json:"all"`
		Drills  []drillJSON `json:"drills"`
		// AgainstA is the paired comparison with variant A, all drills
		// (absent for A itself).
		AgainstA *jsonPaired `json:"against_a,omitempty"`
	}
	doc := struct {
		Seed     uint64        `json:"seed"`
		Drivers  int           `json:"drivers"`
		Variants []variantJSON `json:"variants"`
	}{Seed: r.Options.Seed, Drivers: r.Options.Drivers}
	for v, vr := range r.Options.Variants {
		vj := variantJSON{Variant: letter(v), HMI: vr.Name, Digest: vr.Digest, All: toJSON(Summarise(r.Select(v, -1)))}
		for d, dr := range r.Options.Drills {
			vj.Drills = append(vj.Drills, drillJSON{Drill: dr.Name, jsonSummary: toJSON(Summarise(r.Select(v, d)))})
		}
		if v > 0 {
			p := pairedJSON(r.Compare(v, -1))
			vj.AgainstA = &p
		}
		doc.Variants = append(doc.Variants, vj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
