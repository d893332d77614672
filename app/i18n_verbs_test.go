package app

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"backproplab/assets"
)

// verb matches one fmt verb of an English key (flags, width and precision
// included); %% is not a verb.
var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

// TestTranslationsFormat formats every translated format with arguments
// of the types its English verbs take and checks that fmt finds no fault
// in the translation (a wrong index such as "%[3].1f" instead of "%.1[3]f",
// a missing or extra argument, a verb of another type).
func TestTranslationsFormat(t *testing.T) {
	m, err := assets.Catalogue("zh-Hans")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for en, zh := range m {
		var args []any
		for _, v := range verb.FindAllString(en, -1) {
			switch v[len(v)-1] {
			case '%':
				continue
			case 'd', 'x', 'c':
				args = append(args, 3)
			case 'f', 'g', 'e':
				args = append(args, 0.5)
			case 's', 'q':
				args = append(args, "s")
			default:
				args = append(args, 1)
			}
		}
		// Keys that are not formats (a plain "50 %" in a sentence) or
		// wrap errors (%w, for fmt.Errorf) are left out.
		if len(args) == 0 || strings.Contains(en, "%w") || strings.Contains(fmt.Sprintf(en, args...), "%!") {
			continue
		}
		checked++
		if got := fmt.Sprintf(zh, args...); strings.Contains(got, "%!") {
			t.Errorf("%q → %q formats as %q", en, zh, got)
		}
	}
	if checked < 50 {
		t.Errorf("only %d keys with verbs checked", checked)
	}
}
