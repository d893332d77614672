package app

import (
	"fmt"
	"strings"
	"sync/atomic"

	"backproplab/assets"
)

// catalogue maps English UI strings to the chosen language's strings. It is
// set once at start-up, before any widget is built.
var catalogue atomic.Pointer[map[string]string]

// T returns the translation of the English UI string s, or s itself when
// the current language has none.
func T(s string) string {
	if m := catalogue.Load(); m != nil {
		if t, ok := (*m)[s]; ok && t != "" {
			return t
		}
	}
	return s
}

// Tf translates format and then formats it with args, as fmt.Sprintf does.
func Tf(format string, args ...any) string { return fmt.Sprintf(T(format), args...) }

// setLanguage selects the catalogue for lang ("en", "zh-Hans", or a locale
// such as "zh_CN.UTF-8"); it returns the language code chosen.
func setLanguage(lang string) string {
	code := languageCode(lang)
	m, err := assets.Catalogue(code)
	if err != nil || code == "en" {
		empty := map[string]string{}
		catalogue.Store(&empty)
		return "en"
	}
	catalogue.Store(&m)
	return code
}

// languageCode maps a locale name to a catalogue code.
func languageCode(lang string) string {
	l := strings.ToLower(strings.ReplaceAll(lang, "_", "-"))
	if strings.HasPrefix(l, "zh") {
		return "zh-Hans"
	}
	return "en"
}
