package cabin_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/drive/cabin"
)

// A programme's Chinese name is shown and spoken: an escape code in it
// would reach the terminal raw.
func TestCatalogTextWithControlCharactersIsRefused(t *testing.T) {
	data, err := os.ReadFile("../../assets/cabin/cabin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "name_zh: 波浪", `name_zh: "波\e[5m浪"`, 1)
	_, err = cabin.LoadCatalog(fstest.MapFS{"cabin/cabin.yaml": {Data: []byte(src)}}, "cabin/cabin.yaml")
	if err == nil || !strings.Contains(err.Error(), "massage_programmes[0].name_zh: contains the control character U+001B (ESC) at character 2") {
		t.Errorf("got %v", err)
	}
}
