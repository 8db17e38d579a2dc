package theme

import (
	"os"
	"strings"
	"testing"
)

// A theme's name is shown in the settings: an escape code in it reached
// the terminal raw on main.
func TestThemeTextWithControlCharactersIsRefused(t *testing.T) {
	data, err := os.ReadFile("../../assets/themes/day.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "name_zh: ", "name_zh: \"\\e[2J\"\nx: ", 1)
	src = strings.Replace(src, "\nx: ", "\n# ", 1)
	_, err = Parse("themes/day.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "name_zh: contains the control character U+001B (ESC) at character 1") {
		t.Errorf("got %v", err)
	}
}
