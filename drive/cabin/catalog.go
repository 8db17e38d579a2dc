package cabin

import (
	"errors"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/msg"
)

// Catalog is the cabin data a designer may change without touching Go:
// the massage programmes (and how long each runs), the ambient-light
// palette and the travel of every seat part. A State keeps a pointer to
// its catalog and never modifies it, so one catalog can serve many drives.
//
// DefaultCatalog holds the built-in values, which assets/cabin/cabin.yaml
// repeats with their sources; LoadCatalog reads that file (the simulator
// loads it with the other assets, so an edit shows in the drive), and
// Options.Catalog hands it to New.
type Catalog struct {
	Programmes []Programme
	Palette    []Color
	Travel     map[SeatPart]Travel
}

// Travel is how far a seat part moves: its range, one step, and where it
// starts, in the part's unit (mm, degrees or percent; see SeatPosition).
type Travel struct {
	Min, Max, Step, Default int
}

// defaultTravel are the built-in seat limits: estimates typical of a power
// front seat (a 240-260 mm track, 50-70 mm of height, a backrest from
// upright to well back); no per-vehicle figures were found, and the same
// limits serve every seat so that memory profiles stay simple.
var defaultTravel = map[SeatPart]Travel{
	PartPosition: {0, 260, 10, 120},
	PartHeight:   {0, 60, 5, 30},
	PartBackrest: {0, 45, 2, 22},
	PartLumbar:   {0, 100, 10, 30},
	PartHeadrest: {0, 80, 10, 40},
	PartCushion:  {0, 60, 10, 0},
}

// travelCap is the largest Max a part may have: what its VSS datatype or
// meaning allows (Headrest.Height is a uint8; lumbar is a percentage).
var travelCap = map[SeatPart]int{
	PartPosition: 1000, PartHeight: 500, PartBackrest: 90,
	PartLumbar: 100, PartHeadrest: 255, PartCushion: 500,
}

var defaultCatalog = &Catalog{Programmes: Programmes[:], Palette: Palette, Travel: defaultTravel}

// complete reports whether a catalog has everything the cabin needs; New
// falls back to the built-in catalog otherwise, so a half-built Catalog
// cannot crash a drive.
func (c *Catalog) complete() bool {
	if c == nil || len(c.Programmes) == 0 || len(c.Palette) == 0 {
		return false
	}
	for _, p := range SeatParts {
		t, ok := c.Travel[p]
		if !ok || t.Max <= t.Min || t.Step < 1 {
			return false
		}
	}
	return true
}

// DefaultCatalog returns a copy of the built-in catalog.
func DefaultCatalog() *Catalog {
	c := &Catalog{
		Programmes: append([]Programme(nil), defaultCatalog.Programmes...),
		Palette:    append([]Color(nil), defaultCatalog.Palette...),
		Travel:     make(map[SeatPart]Travel, len(defaultTravel)),
	}
	for k, v := range defaultTravel {
		c.Travel[k] = v
	}
	return c
}

// Programme returns the catalog's programme of a mode; ok is false for
// MassageOff and modes the catalog does not offer.
func (c *Catalog) Programme(m MassageMode) (Programme, bool) {
	for _, p := range c.Programmes {
		if p.Mode == m {
			return p, true
		}
	}
	return Programme{}, false
}

// Color finds a palette colour by its English or Chinese name (case and
// spaces do not matter: "Warm white" = "warm_white"; "蓝" finds 蓝色) or by
// its hex code; "violet" and "gold" are accepted for purple and amber when
// the palette has them.
func (c *Catalog) Color(name string) (Color, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, " ", "_")
	n = strings.ReplaceAll(n, "-", "_")
	if n == "" {
		return Color{}, false
	}
	for _, col := range c.Palette {
		if n == col.Name || name == col.NameZH || strings.EqualFold(name, col.Hex) || strings.TrimSuffix(col.NameZH, colourSuffixZH) == name {
			return col, true
		}
	}
	switch n {
	case "violet":
		return c.Color("purple")
	case "gold":
		return c.Color("amber")
	}
	return Color{}, false
}

// PartTravel returns the travel of a seat part.
func (c *Catalog) PartTravel(p SeatPart) (Travel, bool) {
	t, ok := c.Travel[p]
	return t, ok
}

// DefaultPosition returns where every seat starts.
func (c *Catalog) DefaultPosition() SeatPosition {
	var pos SeatPosition
	for _, part := range SeatParts {
		*pos.field(part) = c.Travel[part].Default
	}
	return pos
}

// programmeList names the catalog's programmes for refusal messages.
func (c *Catalog) programmeList() msg.Arg {
	items := make([]msg.Arg, len(c.Programmes))
	for i, p := range c.Programmes {
		items[i] = msg.Names("", p.Name, p.NameZH)
	}
	return msg.List("choices", items...)
}

// rawCatalog is the shape of assets/cabin/cabin.yaml.
type rawCatalog struct {
	MassageProgrammes []struct {
		ID      string `yaml:"id"`
		NameZH  string `yaml:"name_zh"`
		Minutes int    `yaml:"minutes"`
		VSS     string `yaml:"vss"`
		Source  string `yaml:"source"`
	} `yaml:"massage_programmes"`
	Palette []struct {
		ID     string `yaml:"id"`
		NameZH string `yaml:"name_zh"`
		Hex    string `yaml:"hex"`
	} `yaml:"palette"`
	SeatTravel map[string]struct {
		Min     *int   `yaml:"min"`
		Max     *int   `yaml:"max"`
		Step    *int   `yaml:"step"`
		Default *int   `yaml:"default"`
		Source  string `yaml:"source"`
	} `yaml:"seat_travel"`
}

var (
	idRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	vssRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	hexRE = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
)

// LoadCatalog reads and validates a cabin catalog (assets/cabin/cabin.yaml
// or an edited copy). Every problem is reported as file:line:col: field:
// what was expected.
func LoadCatalog(fsys fs.FS, name string) (*Catalog, error) {
	var raw rawCatalog
	doc, err := datafile.Decode(fsys, name, &raw)
	if err != nil {
		return nil, err
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, doc.Errorf(field, format, args...))
	}
	c := &Catalog{Travel: map[SeatPart]Travel{}}
	// Names and ids reach the screen and the voice replies.
	datacheck.Check(&raw, nil, func(path, problem string) { bad(path, "%s", problem) })
	if len(raw.MassageProgrammes) == 0 {
		bad("massage_programmes", "required: at least one programme {id, name_zh, minutes, vss}")
	}
	seen := map[string]bool{}
	for i, p := range raw.MassageProgrammes {
		f := "massage_programmes[" + itoa(i) + "]"
		switch {
		case !idRE.MatchString(p.ID) || p.ID == string(MassageStop):
			bad(f+".id", "expected a lowercase id such as wave (not off), got %q", p.ID)
		case seen[p.ID]:
			bad(f+".id", "duplicate programme %q", p.ID)
		}
		seen[p.ID] = true
		if strings.TrimSpace(p.NameZH) == "" {
			bad(f+".name_zh", "required: the programme's name in Chinese")
		}
		if p.Minutes < 1 || p.Minutes > 120 {
			bad(f+".minutes", "must be between 1 and 120, got %d", p.Minutes)
		}
		if !vssRE.MatchString(p.VSS) {
			bad(f+".vss", "expected the VSS Massage.TypeActive id in capitals, e.g. WAVE, got %q", p.VSS)
		}
		c.Programmes = append(c.Programmes, Programme{Mode: MassageMode(p.ID), Name: strings.ReplaceAll(p.ID, "_", " "), NameZH: p.NameZH, Minutes: p.Minutes, VSS: p.VSS})
	}
	if len(raw.Palette) == 0 {
		bad("palette", "required: at least one colour {id, name_zh, hex}")
	}
	seen = map[string]bool{}
	for i, col := range raw.Palette {
		f := "palette[" + itoa(i) + "]"
		switch {
		case !idRE.MatchString(col.ID):
			bad(f+".id", "expected a lowercase id such as warm_white, got %q", col.ID)
		case seen[col.ID]:
			bad(f+".id", "duplicate colour %q", col.ID)
		}
		seen[col.ID] = true
		if strings.TrimSpace(col.NameZH) == "" {
			bad(f+".name_zh", "required: the colour's name in Chinese")
		}
		if !hexRE.MatchString(col.Hex) {
			bad(f+".hex", "expected \"#RRGGBB\", got %q", col.Hex)
		}
		c.Palette = append(c.Palette, Color{Name: col.ID, NameZH: col.NameZH, Hex: strings.ToUpper(col.Hex)})
	}
	for name := range raw.SeatTravel {
		if _, ok := travelCap[SeatPart(name)]; !ok {
			bad("seat_travel."+name, "unknown seat part; expected one of position, height, backrest, lumbar, headrest, cushion")
		}
	}
	for _, part := range SeatParts {
		f := "seat_travel." + string(part)
		r, ok := raw.SeatTravel[string(part)]
		if !ok {
			bad("seat_travel", "missing %s: {min, max, step, default}", part)
			continue
		}
		if r.Min == nil || r.Max == nil || r.Step == nil || r.Default == nil {
			bad(f, "required: min, max, step and default")
			continue
		}
		t := Travel{*r.Min, *r.Max, *r.Step, *r.Default}
		switch {
		case t.Min < 0 || t.Max <= t.Min || t.Max > travelCap[part]:
			bad(f+".max", "must satisfy 0 <= min < max <= %d, got min %d max %d", travelCap[part], t.Min, t.Max)
		case t.Step < 1 || t.Step > t.Max-t.Min:
			bad(f+".step", "must be between 1 and max-min (%d), got %d", t.Max-t.Min, t.Step)
		case t.Default < t.Min || t.Default > t.Max:
			bad(f+".default", "must be between min %d and max %d, got %d", t.Min, t.Max, t.Default)
		}
		c.Travel[part] = t
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
