package voice

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// Every intent of the schema has its constant, and every constant names an
// intent of the schema, so a renamed intent breaks the build of its users
// rather than silently matching nothing.
func TestIntentConstantsMatchTheSchema(t *testing.T) {
	src, err := os.ReadFile("intents.go")
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	for _, m := range regexp.MustCompile(`(?m)^\tIntent\w+ += "([a-z_.]+)"$`).FindAllStringSubmatch(string(src), -1) {
		consts = append(consts, m[1])
	}
	var schema []string
	for k := range schemaSlots {
		schema = append(schema, k)
	}
	slices.Sort(consts)
	slices.Sort(schema)
	if !slices.Equal(consts, schema) {
		t.Errorf("constants %v\nschema    %v", consts, schema)
	}
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range p.Intents() {
		if !slices.Contains(consts, in) {
			t.Errorf("intents.yaml has %q without a constant", in)
		}
	}
}
