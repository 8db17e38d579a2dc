package cabin

import "github.com/nevsim/cockpit/drive/msg"

// Seat is one seat: who sits in it, its comfort functions and its position.
type Seat struct {
	Occupied bool
	// Heat and Vent are levels 0 (off) to MaxLevel. A seat never heats and
	// ventilates at once: setting one clears the other.
	Heat, Vent int
	// Massage is the running programme (MassageOff when none) and
	// MassageLevel its intensity 1..MaxLevel (0 when off).
	Massage      MassageMode
	MassageLevel int
	// MassageEndsAt is the simulation time (ms) at which the programme
	// switches itself off.
	MassageEndsAt int64
	Position      SeatPosition
}

// MaxLevel is the highest heating, ventilation and massage level: three
// levels is what Chinese NEV seats offer (一档/二档/三档) and what the voice
// schema allows (level 0-3).
const MaxLevel = 3

// DefaultLevel is the level a plain "turn on the seat heating" (no level
// said) should use; the voice layer maps action "on" to it. Level 2 is a
// middle setting that neither scalds nor disappoints.
const DefaultLevel = 2

// MassageMode names a massage programme with the voice schema's words.
type MassageMode string

// Massage programmes. VSS v6.0 leaves programme names to the OEM
// (Massage.TypeActive), and no public list of Chinese NEV programmes was
// found (hmi-anchors.md §3), so these follow the voice schema.
const (
	MassageOff     MassageMode = ""
	MassageWave    MassageMode = "wave"
	MassagePulse   MassageMode = "pulse"
	MassageStretch MassageMode = "stretch"
	MassageRelax   MassageMode = "relax"
	MassageSport   MassageMode = "sport"
)

// MassageStop is the word the voice schema and keys may use for "off"; it
// is accepted wherever a MassageMode is and means MassageOff.
const MassageStop MassageMode = "off"

// Programme describes a massage programme: its names and how long it runs
// before switching itself off.
type Programme struct {
	Mode    MassageMode
	Name    string
	NameZH  string
	Minutes int
	// VSS is the value published on Massage.TypeActive.
	VSS string
}

// ProgrammeOf returns the built-in programme of a mode; ok is false for
// MassageOff and unknown modes. A State's own programmes are
// State.Catalog().Programme.
func ProgrammeOf(m MassageMode) (p Programme, ok bool) { return defaultCatalog.Programme(m) }

// SeatPosition is where a seat's motors are, in the units VSS uses.
type SeatPosition struct {
	// ForeAftMM is the distance from the frontmost position (VSS Position).
	ForeAftMM int
	// HeightMM is the height above the lowest position (VSS Height).
	HeightMM int
	// ReclineDeg is the backrest angle from upright, positive backwards
	// (VSS Backrest.Recline).
	ReclineDeg int
	// LumbarPct is the lumbar support, 0 innermost .. 100 outermost
	// (VSS Backrest.LumbarSupport).
	LumbarPct int
	// HeadrestMM is the headrest height above its lowest position
	// (VSS Headrest.Height).
	HeadrestMM int
	// CushionMM is the cushion (thigh support) extension from its shortest
	// (VSS Seating.Length).
	CushionMM int
}

// SeatPart names what MoveSeat moves, with the voice schema's words.
type SeatPart string

// Seat parts.
const (
	PartPosition SeatPart = "position" // fore/aft
	PartHeight   SeatPart = "height"
	PartBackrest SeatPart = "backrest"
	PartLumbar   SeatPart = "lumbar"
	PartHeadrest SeatPart = "headrest"
	PartCushion  SeatPart = "cushion"
)

// Direction is a seat movement direction, with the voice schema's words.
type Direction string

// Directions.
const (
	Forward  Direction = "forward"
	Backward Direction = "backward"
	Up       Direction = "up"
	Down     Direction = "down"
	Recline  Direction = "recline"
	Upright  Direction = "upright"
)

// partInfo is what the code knows about a part: its unit and how each
// direction moves it (+1 / -1; 0 = not a direction this part moves in).
// Its travel comes from the Catalog.
type partInfo struct {
	unit string // the unit's name in the catalogues: cabin.name.unit.<unit>
	dir  func(Direction) int
}

var partInfos = map[SeatPart]partInfo{
	PartPosition: {"mm", func(d Direction) int { return pick(d, Backward, Forward) }},
	PartHeight:   {"mm", func(d Direction) int { return pick(d, Up, Down) }},
	PartBackrest: {"deg", func(d Direction) int {
		if v := pick(d, Recline, Upright); v != 0 {
			return v
		}
		return pick(d, Backward, Forward)
	}},
	PartLumbar: {"pct", func(d Direction) int {
		if v := pick(d, Forward, Backward); v != 0 {
			return v
		}
		return pick(d, Up, Down)
	}},
	PartHeadrest: {"mm", func(d Direction) int { return pick(d, Up, Down) }},
	PartCushion:  {"mm", func(d Direction) int { return pick(d, Forward, Backward) }},
}

// directionName is the {direction} argument: a direction in words, or one
// this build does not know quoted as it came.
func directionName(d Direction) msg.Arg {
	switch d {
	case Forward, Backward, Up, Down, Recline, Upright:
		return msg.Term("direction", "cabin.name.direction."+string(d))
	}
	return quoted("direction", string(d))
}

func pick(d, plus, minus Direction) int {
	switch d {
	case plus:
		return 1
	case minus:
		return -1
	}
	return 0
}

// SeatParts lists the parts MoveSeat accepts, for validation messages.
var SeatParts = []SeatPart{PartPosition, PartHeight, PartBackrest, PartLumbar, PartHeadrest, PartCushion}

// PartRange returns the built-in travel of a part: its lowest and highest
// value and one step, in the part's unit (mm, degrees or percent). A
// State's own travel is State.Catalog().PartTravel.
func PartRange(p SeatPart) (lo, hi, step int, ok bool) {
	t, ok := defaultCatalog.PartTravel(p)
	return t.Min, t.Max, t.Step, ok
}

// DefaultPosition is where every seat starts with the built-in catalog: an
// average driving position.
var DefaultPosition = defaultCatalog.DefaultPosition()

// MaxMoveKmh is the speed above which the driver's seat may not move fore
// and aft nor recline: moving the seat or backrest while driving takes the
// driver away from the pedals and wheel and changes the belt geometry.
// Owner's manuals say "do not adjust the driver's seat while driving"; 5 km/h
// (a crawl) is the threshold we chose.
const MaxMoveKmh = 5.0

func (p *SeatPosition) field(part SeatPart) *int {
	switch part {
	case PartPosition:
		return &p.ForeAftMM
	case PartHeight:
		return &p.HeightMM
	case PartBackrest:
		return &p.ReclineDeg
	case PartLumbar:
		return &p.LumbarPct
	case PartHeadrest:
		return &p.HeadrestMM
	case PartCushion:
		return &p.CushionMM
	}
	return nil
}

// SeatMemory is one driver-seat memory profile.
type SeatMemory struct {
	Saved    bool
	Position SeatPosition
}

// SetSeatHeat sets a seat's (or a group's) heating level 0..MaxLevel; 0 is
// off. Out-of-range levels are clamped and the event says so. Heating an
// empty seat is refused; in a group, empty seats are skipped.
type SetSeatHeat struct {
	Seat  SeatID
	Level int
}

// StepSeatHeat changes heating by Delta levels ("warmer", "a bit less").
type StepSeatHeat struct {
	Seat  SeatID
	Delta int
}

// SetSeatVent sets a seat's ventilation level 0..MaxLevel, like SetSeatHeat.
type SetSeatVent struct {
	Seat  SeatID
	Level int
}

// StepSeatVent changes ventilation by Delta levels.
type StepSeatVent struct {
	Seat  SeatID
	Delta int
}

// SetMassage starts, changes or stops a massage. Mode MassageStop ("off")
// stops it; an empty Mode (MassageOff) keeps the running programme (wave
// when none runs). Level 0 keeps the running level (DefaultLevel when
// starting); other levels are clamped to 1..MaxLevel. Starting a programme
// or changing it restarts its timer.
type SetMassage struct {
	Seat  SeatID
	Mode  MassageMode
	Level int
}

// StepMassage changes the massage level by Delta; up from off starts wave at
// level 1, down from level 1 stops it.
type StepMassage struct {
	Seat  SeatID
	Delta int
}

// MoveSeat moves one part of a seat (or of a group of seats) by Steps steps
// (0 = one step) in a direction. The step sizes are those of PartRange.
type MoveSeat struct {
	Seat      SeatID
	Part      SeatPart
	Direction Direction
	Steps     int
}

// SaveMemory stores the driver's seat position in profile 1..3.
type SaveMemory struct{ Profile int }

// RecallMemory moves the driver's seat to a stored profile 1..3.
type RecallMemory struct{ Profile int }

// SetOccupied tells the cabin someone sat down in or left a seat (the
// occupant sensor). Leaving switches that seat's heating, ventilation,
// massage and reading light off.
type SetOccupied struct {
	Seat     SeatID
	Occupied bool
}

func (SetSeatHeat) cabinCommand()  {}
func (StepSeatHeat) cabinCommand() {}
func (SetSeatVent) cabinCommand()  {}
func (StepSeatVent) cabinCommand() {}
func (SetMassage) cabinCommand()   {}
func (StepMassage) cabinCommand()  {}
func (MoveSeat) cabinCommand()     {}
func (SaveMemory) cabinCommand()   {}
func (RecallMemory) cabinCommand() {}
func (SetOccupied) cabinCommand()  {}

func unknownSeat(id SeatID) *Refusal {
	return refuse("cabin.say.refused.no_seat", quoted("name", string(id)))
}

func emptySeat(id SeatID) *Refusal {
	switch id {
	case SeatRear:
		return refuse("cabin.say.refused.rear_empty")
	case SeatAll:
		return refuse("cabin.say.refused.seats_empty")
	}
	return refuse("cabin.say.refused.seat_empty", seatName("seat", id))
}

// occupiedMask returns the seats of target that have someone in them, or a
// refusal: an unknown seat, or nobody in any of them.
func (a *applier) occupiedMask(target SeatID) (uint8, error) {
	m, ok := target.mask()
	if !ok {
		return 0, unknownSeat(target)
	}
	var occ uint8
	for i := range a.s.Seats {
		if m&(1<<i) != 0 && a.s.Seats[i].Occupied {
			occ |= 1 << i
		}
	}
	if occ == 0 {
		return 0, emptySeat(target)
	}
	return occ, nil
}

// setThermal sets heating (vent=false) or ventilation (vent=true).
func (a *applier) setThermal(target SeatID, vent bool, level int, step bool, delta int) error {
	if step && delta == 0 {
		return nil
	}
	m, err := a.occupiedMask(target)
	if err != nil {
		return err
	}
	what, kind := msg.Term("what", "cabin.name.heating"), EventSeatHeat
	other, otherKind := msg.Term("what", "cabin.name.ventilation"), EventSeatVentilate
	if vent {
		what, kind, other, otherKind = other, otherKind, what, kind
	}
	changed := false
	for i := range a.s.Seats {
		if m&(1<<i) == 0 {
			continue
		}
		seat := &a.s.Seats[i]
		id := Seats[i]
		cur, opp := &seat.Heat, &seat.Vent
		if vent {
			cur, opp = opp, cur
		}
		want := level
		if step {
			want = *cur + delta
		}
		got := clampInt(want, 0, MaxLevel)
		if got != *cur {
			changed = true
		}
		if step && got == *cur {
			continue
		}
		*cur = got
		var note msg.Msg
		if want != got {
			note = msg.New("cabin.say.note.highest_level", msg.Int("max", MaxLevel))
			if want < 0 {
				note = msg.New("cabin.say.note.zero_is_off")
			}
		}
		if got == 0 {
			a.emit(kind, string(id), 0, msg.New("cabin.say.seat_thermal_off", seatName("seat", id), what, msg.Sub("note", note)))
		} else {
			a.emit(kind, string(id), float64(got), msg.New("cabin.say.seat_thermal", seatName("seat", id), what, msg.Int("level", got), msg.Sub("note", note)))
		}
		if got > 0 && *opp > 0 {
			*opp = 0
			a.emit(otherKind, string(id), 0, msg.New("cabin.say.seat_thermal_exclusive", seatName("seat", id), other))
		}
	}
	if step && !changed {
		if delta > 0 {
			return refuse("cabin.say.refused.seat_thermal_highest", seatName("seat", target), what)
		}
		return refuse("cabin.say.refused.seat_thermal_off", seatName("seat", target), what)
	}
	return nil
}

func (a *applier) setSeatHeat(target SeatID, level int, step bool, delta int) error {
	return a.setThermal(target, false, level, step, delta)
}

func (a *applier) setSeatVent(target SeatID, level int, step bool, delta int) error {
	return a.setThermal(target, true, level, step, delta)
}

func (a *applier) setMassage(c SetMassage) error {
	mode := c.Mode
	if mode == MassageStop {
		mode = MassageOff
	}
	if mode == MassageOff && c.Mode != "" {
		m, ok := c.Seat.mask()
		if !ok {
			return unknownSeat(c.Seat)
		}
		n := len(a.events)
		for i := range a.s.Seats {
			if m&(1<<i) != 0 {
				a.stopMassage(i, "cabin.say.massage_off")
			}
		}
		if len(a.events) == n {
			// Nothing ran: still answer, so "massage off" never meets silence.
			a.emit(EventSeatMassage, string(c.Seat), 0, msg.New("cabin.say.massage_already_off", seatName("seat", c.Seat)))
		}
		return nil
	}
	if mode != MassageOff {
		if _, ok := a.s.Catalog().Programme(mode); !ok {
			return refuse("cabin.say.refused.no_programme", quoted("name", string(mode)), a.s.Catalog().programmeList())
		}
	}
	m, err := a.occupiedMask(c.Seat)
	if err != nil {
		return err
	}
	for i := range a.s.Seats {
		if m&(1<<i) == 0 {
			continue
		}
		seat := &a.s.Seats[i]
		md := mode
		if md == MassageOff {
			md = seat.Massage
			if md == MassageOff {
				md = a.defaultProgramme()
			}
		}
		lvl := c.Level
		if lvl == 0 {
			lvl = seat.MassageLevel
			if lvl == 0 {
				lvl = DefaultLevel
			}
		}
		a.startMassage(i, md, lvl, c.Level)
	}
	return nil
}

// startMassage runs programme md at level lvl on seat i; asked is the level
// the command asked for, to explain clamping.
func (a *applier) startMassage(i int, md MassageMode, lvl, asked int) {
	seat := &a.s.Seats[i]
	id := Seats[i]
	p, _ := a.s.Catalog().Programme(md)
	got := clampInt(lvl, 1, MaxLevel)
	var note msg.Msg
	if asked != 0 && asked != got {
		note = msg.New("cabin.say.note.levels", msg.Int("min", 1), msg.Int("max", MaxLevel))
	}
	if seat.Massage != md {
		seat.MassageEndsAt = a.ctx.Now + int64(p.Minutes)*60_000
	}
	seat.Massage = md
	seat.MassageLevel = got
	a.emit(EventSeatMassage, string(id), float64(got), msg.New("cabin.say.massage_on", seatName("seat", id),
		msg.Names("programme", p.Name, p.NameZH), msg.Int("level", got), msg.Int("min", p.Minutes), msg.Sub("note", note)))
}

// stopMassage stops seat i's massage, if one runs, and says so with key
// (cabin.say.massage_off, or a stop the car made by itself with its
// reason).
func (a *applier) stopMassage(i int, key string) {
	seat := &a.s.Seats[i]
	if seat.Massage == MassageOff {
		return
	}
	seat.Massage, seat.MassageLevel, seat.MassageEndsAt = MassageOff, 0, 0
	id := Seats[i]
	a.emit(EventSeatMassage, string(id), 0, msg.New(key, seatName("seat", id)))
}

func (a *applier) stepMassage(c StepMassage) error {
	if c.Delta == 0 {
		return nil
	}
	m, err := a.occupiedMask(c.Seat)
	if err != nil {
		return err
	}
	changed := false
	for i := range a.s.Seats {
		if m&(1<<i) == 0 {
			continue
		}
		seat := &a.s.Seats[i]
		switch {
		case seat.Massage == MassageOff && c.Delta > 0:
			a.startMassage(i, a.defaultProgramme(), clampInt(c.Delta, 1, MaxLevel), 0)
			changed = true
		case seat.Massage == MassageOff:
		case seat.MassageLevel+c.Delta <= 0:
			a.stopMassage(i, "cabin.say.massage_off")
			changed = true
		default:
			lvl := clampInt(seat.MassageLevel+c.Delta, 1, MaxLevel)
			if lvl != seat.MassageLevel {
				a.startMassage(i, seat.Massage, lvl, 0)
				changed = true
			}
		}
	}
	if !changed {
		if c.Delta > 0 {
			return refuse("cabin.say.refused.massage_highest", seatName("seat", c.Seat))
		}
		return refuse("cabin.say.refused.massage_off", seatName("seat", c.Seat))
	}
	return nil
}

func (a *applier) moveSeat(c MoveSeat) error {
	m, ok := c.Seat.mask()
	if !ok {
		return unknownSeat(c.Seat)
	}
	info, ok := partInfos[c.Part]
	lim, _ := a.s.Catalog().PartTravel(c.Part)
	if !ok {
		return refuse("cabin.say.refused.no_part", quoted("name", string(c.Part)))
	}
	part := msg.Term("part", "cabin.name.part."+string(c.Part))
	sign := info.dir(c.Direction)
	if sign == 0 {
		return refuse("cabin.say.refused.wrong_direction", part, directionName(c.Direction))
	}
	if m&1 != 0 && (c.Part == PartPosition || c.Part == PartBackrest) && a.ctx.SpeedKmh > MaxMoveKmh {
		return refuse("cabin.say.refused.seat_moving", part, msg.Num("kmh", MaxMoveKmh, 0))
	}
	steps := c.Steps
	if steps <= 0 {
		steps = 1
	}
	moved := false
	for i := range a.s.Seats {
		if m&(1<<i) == 0 {
			continue
		}
		f := a.s.Seats[i].Position.field(c.Part)
		nv := clampInt(*f+sign*steps*lim.Step, lim.Min, lim.Max)
		if nv == *f {
			continue
		}
		*f = nv
		moved = true
		id := Seats[i]
		a.emit(EventSeatAdjust, string(id)+"."+string(c.Part), float64(nv), msg.New("cabin.say.seat_moved", seatName("seat", id), part,
			directionName(c.Direction), msg.Int("value", nv), msg.Term("unit", "cabin.name.unit."+info.unit)))
	}
	if !moved {
		return refuse("cabin.say.refused.seat_at_end", seatName("seat", c.Seat), part, directionName(c.Direction))
	}
	return nil
}

func checkProfile(p int) error {
	if p < 1 || p > len(State{}.Memory) {
		return refuse("cabin.say.refused.no_profile", msg.Int("n", p))
	}
	return nil
}

func (a *applier) saveMemory(c SaveMemory) error {
	if err := checkProfile(c.Profile); err != nil {
		return err
	}
	a.s.Memory[c.Profile-1] = SeatMemory{Saved: true, Position: a.s.Seats[0].Position}
	a.emit(EventSeatMemory, "save", float64(c.Profile), msg.New("cabin.say.memory_saved", msg.Int("n", c.Profile)))
	return nil
}

func (a *applier) recallMemory(c RecallMemory) error {
	if err := checkProfile(c.Profile); err != nil {
		return err
	}
	mem := a.s.Memory[c.Profile-1]
	if !mem.Saved {
		return refuse("cabin.say.refused.profile_empty", msg.Int("n", c.Profile))
	}
	if a.ctx.SpeedKmh > MaxMoveKmh {
		return refuse("cabin.say.refused.recall_moving", msg.Num("kmh", MaxMoveKmh, 0))
	}
	a.s.Seats[0].Position = mem.Position
	a.emit(EventSeatMemory, "recall", float64(c.Profile), msg.New("cabin.say.memory_recalled", msg.Int("n", c.Profile)))
	return nil
}

func (a *applier) setOccupied(c SetOccupied) error {
	i, ok := c.Seat.Index()
	if !ok {
		return unknownSeat(c.Seat)
	}
	seat := &a.s.Seats[i]
	if seat.Occupied == c.Occupied {
		return nil
	}
	seat.Occupied = c.Occupied
	id := c.Seat
	if c.Occupied {
		a.emit(EventSeatOccupied, string(id), 1, msg.New("cabin.say.seat_taken", seatName("seat", id)))
		return nil
	}
	a.emit(EventSeatOccupied, string(id), 0, msg.New("cabin.say.seat_left", seatName("seat", id)))
	if seat.Heat > 0 {
		seat.Heat = 0
		a.emit(EventSeatHeat, string(id), 0, msg.New("cabin.say.empty_seat_off", seatName("seat", id), msg.Term("what", "cabin.name.heating")))
	}
	if seat.Vent > 0 {
		seat.Vent = 0
		a.emit(EventSeatVentilate, string(id), 0, msg.New("cabin.say.empty_seat_off", seatName("seat", id), msg.Term("what", "cabin.name.ventilation")))
	}
	a.stopMassage(i, "cabin.say.massage_off.empty_seat")
	if a.s.Lights.Reading[i] {
		a.s.Lights.Reading[i] = false
		a.emit(EventLights, "reading."+string(id), 0, msg.New("cabin.say.reading_light_off.empty_seat", msg.Term("seat", "cabin.name.reading."+string(id))))
	}
	return nil
}

// stepSeats ends massage programmes whose time is up.
func (s *State) stepSeats(ctx Context, evs []Event) []Event {
	for i := range s.Seats {
		seat := &s.Seats[i]
		if seat.Massage == MassageOff || ctx.Now < seat.MassageEndsAt {
			continue
		}
		p, _ := s.Catalog().Programme(seat.Massage)
		seat.Massage, seat.MassageLevel, seat.MassageEndsAt = MassageOff, 0, 0
		id := Seats[i]
		evs = append(evs, Event{At: ctx.Now, Kind: EventMassageEnded, Subject: string(id),
			Msg: msg.New("cabin.say.massage_finished", seatName("seat", id), msg.Names("programme", p.Name, p.NameZH), msg.Int("min", p.Minutes))})
	}
	return evs
}

// defaultProgramme is what a plain "massage on" runs: wave, or the
// catalog's first programme if it has no wave.
func (a *applier) defaultProgramme() MassageMode {
	cat := a.s.Catalog()
	if _, ok := cat.Programme(MassageWave); ok {
		return MassageWave
	}
	return cat.Programmes[0].Mode
}
