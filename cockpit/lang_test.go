package cockpit

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// langTest matches a comparison with a language code (lang == "zh", or
// lang == "en" for its mirror image), the branch that used to be written in
// every view and now belongs to the renderer.
var langTest = regexp.MustCompile(`[!=]=\s*"(zh|en)"|"(zh|en)"\s*[!=]=`)

// TestLanguageIsChosenByTheRenderer keeps every language choice in
// cockpit/i18n: a view that writes `lang == "zh"` grows its own Chinese
// next to the catalogue's, and the two drift apart (高速公路 in one place,
// 快速路 in another). The assistant is excluded: another part of the
// project owns it and will move on its own.
func TestLanguageIsChosenByTheRenderer(t *testing.T) {
	skip := map[string]bool{"i18n": true, "assistant": true}
	for _, root := range []string{".", filepath.Join("..", "cmd")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != root && (skip[d.Name()] || d.Name() == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(data), "\n") {
				if langTest.MatchString(line) {
					t.Errorf("%s:%d: a language test outside cockpit/i18n (use the table: Tr.Pick, Tr.Own, …): %s", path, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
