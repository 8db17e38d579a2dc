// Package voice turns English and Simplified Chinese in-car speech (as text)
// into the intents and slots of the voice schema (docs/voice.md), and keeps a
// dialogue (Session) that resolves what a single utterance leaves open.
//
// The package is pure: text in, intents out. It reads its lexicon and intent
// rules from YAML files under assets/voice through an fs.FS once, at Load,
// and never touches the clock, goroutines or other I/O afterwards, so the UI,
// the headless scenario runner and the `cockpit parse` command all get the
// same answers for the same input.
//
// The parser is a small, data-driven pipeline rather than a statistical
// model, because the simulator must run offline, deterministically and fast,
// and because designers must be able to add a synonym without Go:
//
//  1. normalise: valid UTF-8, lower case, half-width, control characters
//     dropped, long input truncated (work stays linear in input length);
//  2. tag: longest-match lookup of lexicon phrases (any script, so mixed
//     input such as "打开 AC" just works) plus a number reader for digits,
//     English number words and Chinese numerals;
//  3. segment: split the tag stream into one segment per command, using
//     separators ("and then", "然后"), leading verbs ("打开", "turn on") and
//     a change of device;
//  4. frame: each anchor tag (a device, a capture verb such as "navigate
//     to") matched by an intent rule gives a frame whose slots are filled
//     from the tags around it; frames lacking what their rule requires, or
//     whose segment holds an out-of-scope word, are dropped.
package voice
