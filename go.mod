module github.com/nevsim/cockpit

go 1.26

require github.com/goccy/go-yaml v1.19.2

require (
	github.com/charmbracelet/x/ansi v0.11.9 // indirect
	github.com/clipperhouse/displaywidth v0.11.0 // indirect
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	github.com/lucasb-eyer/go-colorful v1.4.1 // indirect
	github.com/mattn/go-runewidth v0.0.27 // indirect
	github.com/mozillazg/go-pinyin v0.21.0 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
