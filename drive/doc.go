// Package drive is the functional core of the cockpit simulator: the vehicle,
// the world, routing, conditions and the scenario runner live in its
// subpackages.
//
// Everything under drive is deterministic: a fixed time step, seeded
// randomness, no wall clock, no goroutines, no I/O beyond reading data files
// through an fs.FS, and no UI imports. The same scenario and seed give the
// same event log byte for byte.
//
//   - drive/vehicle: profiles, longitudinal dynamics, energy and charging
//   - drive/world: the map (roads, places, stations, parking)
//   - drive/route: A* routing with charging-stop planning
//   - drive/sim: the drive loop (Sim.Step), conditions, traffic and events
//   - drive/scenario: scenario files, the scripted driver and expectations
package drive
