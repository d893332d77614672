package app

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"backproplab/assets"
	"backproplab/viz"
)

// Every string the app shows goes through T or Tf; the English string is the
// key. The catalogues are assets/i18n/<code>.json. i18n_test.go checks that
// no UI string bypasses them and that both catalogues have every key;
// `go test ./app -run TestCatalogue -update` regenerates en.json.

// catalogue maps English UI strings to the chosen language's strings. It is
// set once at start-up, before any widget is built.
var catalogue atomic.Pointer[map[string]string]

// current is the code of the language in use ("en" or "zh-Hans").
var current atomic.Pointer[string]

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

// N marks s as a catalogue key without translating it, for texts that
// are translated later with T(s), e.g. the entries of a table.
func N(s string) string { return s }

// setLanguage selects the catalogue for lang ("en", "zh-Hans", or a locale
// such as "zh_CN.UTF-8"); it returns the language code chosen. It does not
// change fonts: useLanguage does.
func setLanguage(lang string) string {
	code := languageCode(lang)
	m, err := assets.Catalogue(code)
	if err != nil || code == "en" {
		m, code = map[string]string{}, "en"
	}
	if needsCJK(code) {
		for k, v := range m {
			m[k] = breakCJK(v) // where Fyne may wrap
		}
	}
	catalogue.Store(&m)
	current.Store(&code)
	viz.SetTranslator(T)
	return code
}

// currentLanguage returns the code of the language in use.
func currentLanguage() string {
	if c := current.Load(); c != nil {
		return *c
	}
	return "en"
}

// languageCode maps a locale name to a catalogue code.
func languageCode(lang string) string {
	l := strings.ToLower(strings.ReplaceAll(lang, "_", "-"))
	if l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh.") {
		return "zh-Hans"
	}
	return "en"
}

// needsCJK reports whether the language code needs a font with Chinese
// glyphs.
func needsCJK(code string) bool { return code == "zh-Hans" }

// noCJKFontMessage explains that Chinese cannot be shown. It stays in
// English: without the font, Chinese would show as boxes.
//
//i18n:english
const noCJKFontMessage = "Backprop Lab cannot show Chinese: %v.\n\n" +
	"Install a Chinese font and restart: on Debian or Ubuntu run `sudo apt-get install fonts-noto-cjk` " +
	"(`make run` does it), on Fedora install google-noto-sans-cjk-fonts; macOS and Windows include one " +
	"(PingFang, Microsoft YaHei). You can also name a font file in $%s.\n\n" +
	"Until then the app is shown in English."

// fontFinder finds the Chinese font on this platform (set once, at init,
// for the browser build).
var fontFinder = findCJKFont

// useLanguage picks the language as setLanguage does and sets up the fonts
// it needs: the symbol fonts (symbolTheme) in every language; for Chinese, a font with Chinese glyphs found by find, for Fyne
// (by wrapping a's theme) and for the charts. When no such font is found
// the app stays in English, and problem says why (showFontProblem shows it
// once the window is up). It returns the language code in use.
func useLanguage(a fyne.App, lang string, find func() (*cjkFont, error)) (code, problem string) {
	code = setLanguage(lang)
	a.Settings().SetTheme(newSymbolTheme(a.Settings().Theme()))
	if needsCJK(code) {
		f, err := find()
		if err != nil {
			problem = fmt.Sprintf(noCJKFontMessage, err, envCJKFont)
			code = setLanguage("en")
		} else {
			a.Settings().SetTheme(newCJKTheme(a.Settings().Theme(), f))
			f.useForCharts()
		}
	}
	if !needsCJK(code) {
		viz.ResetFont() // the charts' own font, after Chinese
	}
	followLanguage(code)
	return code, problem
}

// followLanguage asks Fyne to translate its own words (dialog buttons, the
// file dialog) into code too, where it reads the language from the
// environment (Linux and BSD); elsewhere they follow the system language.
func followLanguage(code string) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" || runtime.GOOS == "android" {
		return
	}
	if languageCode(systemLanguage()) == code {
		// Back to the system's language (after Chinese, say): adding
		// translations makes Fyne choose again, from the environment.
		_ = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(code))
		return
	}
	tag := map[string]string{"en": "en", "zh-Hans": "zh_CN"}[code]
	defer restoreEnv("LANGUAGE")()
	if os.Setenv("LANGUAGE", tag) != nil {
		return
	}
	if os.Getenv("LC_ALL") == "" && os.Getenv("LC_MESSAGES") == "" && os.Getenv("LANG") == "" || os.Getenv("LANG") == "C" {
		defer restoreEnv("LC_MESSAGES")()
		_ = os.Setenv("LC_MESSAGES", tag+".UTF-8")
	}
	// Adding translations makes Fyne choose its language again, once. The
	// environment is put back afterwards: Fyne also reads it for every text
	// style to load, in full, a system font for the language as a fallback,
	// which for Chinese is Noto Sans CJK or the like (about 17 MB per style),
	// although the theme's font already has every glyph the app shows.
	_ = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(code))
}

// restoreEnv returns what puts the environment variable key back as it is now.
func restoreEnv(key string) func() {
	old, ok := os.LookupEnv(key)
	return func() {
		if ok {
			_ = os.Setenv(key, old)
		} else {
			_ = os.Unsetenv(key)
		}
	}
}

// systemLanguage returns the system's locale name.
func systemLanguage() string { return lang.SystemLocale().String() }
