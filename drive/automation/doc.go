// Package automation is the car's driving automation as one deterministic
// state machine: SAE level 3 modelled on UN R157 (ALKS) and the production
// systems (Mercedes Drive Pilot, China's 2025 L3 permits), and a level-2
// lane-centring mode with the hands-off rules of UN R79 or the 2025 Chinese
// draft, for comparison drills.
//
// The drive loop calls Machine.Step once per simulation step with what the
// car perceives (ODD), what the driver does (Driver) and the driver's
// requests; the machine answers with what the automation commands (drive,
// speed cap, minimal-risk deceleration, hazards, doors, emergency call),
// what the cockpit must show (alert stage, countdown, suspended screens) and
// an event with a bilingual one-sentence reason for every transition.
//
// All rules live here and every number in Params; docs/l3.md has the state
// diagram and each parameter's source. The package reads no clock, starts no
// goroutine and does no I/O, and Step does not allocate between transitions,
// so it can run inside the 50 ms drive loop and in property tests alike.
package automation
