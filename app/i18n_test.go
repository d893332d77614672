package app

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"backproplab/assets"
	"backproplab/nn/lab"

	"backproplab/viz"
)

var update = flag.Bool("update", false, "rewrite assets/i18n/en.json from the code and drop stale keys from the other catalogues; write golden candidates (testdata/*_candidate.png) for review")

const catalogueDir = "../assets/i18n"

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// stringConsts returns the string constants declared in files, by name.
func stringConsts(files []*ast.File) map[string]string {
	m := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if v, ok := constString(vs.Values[i], nil); ok {
							m[name.Name] = v
						}
					}
				}
			}
			return true
		})
	}
	return m
}

// constString evaluates a string literal, a concatenation of them or a
// named string constant.
func constString(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(e.Value)
		return v, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X, consts)
		b, ok2 := constString(e.Y, consts)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.Ident:
		v, ok := consts[e.Name]
		return v, ok
	}
	return "", false
}

// codeKeys returns the catalogue keys used in the code: the constant first
// arguments of T, Tf, N and their wrappers in app, of tr in viz, and the English texts that
// the app translates at run time (the lesson presets). dynamic lists the
// T and Tf calls whose argument is not constant.
func codeKeys(t *testing.T) (keys map[string]string, dynamic []string) {
	keys = map[string]string{} // key → where
	for _, dir := range []string{".", "../viz"} {
		fset, files := parseDir(t, dir)
		consts := stringConsts(files)
		for _, f := range files {
			funcs := translators(f)
			if dir == "../viz" {
				funcs = map[string]bool{"tr": true}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				id, ok := call.Fun.(*ast.Ident)
				if !ok || !funcs[id.Name] {
					return true
				}
				pos := fset.Position(call.Pos())
				where := filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line)
				if v, ok := constString(call.Args[0], consts); ok {
					if _, dup := keys[v]; !dup {
						keys[v] = where
					}
				} else {
					dynamic = append(dynamic, where)
				}
				return true
			})
		}
	}
	for _, p := range lab.Presets() {
		keys[p.Title] = "lab.Presets " + p.ID
		keys[p.Hint] = "lab.Presets " + p.ID
	}
	for _, p := range lab.PlanePresets() {
		keys[p.Title] = "lab.PlanePresets " + p.ID
		keys[p.Hint] = "lab.PlanePresets " + p.ID
	}
	return keys, dynamic
}

func readCatalogue(t *testing.T, code string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(catalogueDir, code+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

func writeCatalogue(t *testing.T, code string, m map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(catalogueDir, code+".json"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCatalogue fails when a key used in the code is missing from a
// catalogue, when a catalogue has a key the code no longer uses, when a
// translation's format verbs differ from its key's, and when a Chinese
// entry is still English. With -update it rewrites en.json and drops stale
// keys elsewhere; missing translations still fail.
func TestCatalogue(t *testing.T) {
	keys, dynamic := codeKeys(t)
	if len(keys) < 50 {
		t.Fatalf("found only %d keys in the code", len(keys))
	}
	t.Logf("%d keys; T/Tf calls with run-time arguments (checked through lab.Presets or not at all): %s", len(keys), strings.Join(dynamic, " "))
	if *update {
		en := map[string]string{}
		for k := range keys {
			en[k] = k
		}
		writeCatalogue(t, "en", en)
		for _, code := range assets.Languages() {
			if code == "en" {
				continue
			}
			m := readCatalogue(t, code)
			for k := range m {
				if _, ok := keys[k]; !ok {
					delete(m, k)
				}
			}
			writeCatalogue(t, code, m)
		}
	}
	for _, code := range assets.Languages() {
		m := readCatalogue(t, code)
		var missing, stale []string
		for k, where := range keys {
			if _, ok := m[k]; !ok {
				missing = append(missing, where+": "+strconv.Quote(k))
			}
		}
		for k, v := range m {
			if _, ok := keys[k]; !ok {
				stale = append(stale, strconv.Quote(k))
				continue
			}
			if code == "en" && v != k {
				t.Errorf("en.json: %q maps to %q; English entries must be the key", k, v)
			}
			if a, b := formatVerbs(k), formatVerbs(v); !slices.Equal(a, b) {
				t.Errorf("%s.json: %q has verbs %v, its key %v", code, v, b, a)
			}
			if words, _ := needsTranslation(k); code != "en" && words && v == k {
				t.Errorf("%s.json: %q is not translated", code, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(stale)
		if len(missing) > 0 {
			t.Errorf("%s.json lacks %d keys (run `go test ./app -run TestCatalogue -update` for en.json, then translate):\n%s", code, len(missing), strings.Join(missing, "\n"))
		}
		if len(stale) > 0 {
			t.Errorf("%s.json has %d keys the code does not use (`-update` drops them):\n%s", code, len(stale), strings.Join(stale, "\n"))
		}
	}
}

// verbRE matches a printf verb with an optional explicit argument index.
var verbRE = regexp.MustCompile(`%[-+#0]*(?:\[(\d+)\])?(?:\*|\d+)?(?:\.(?:\*|\d+)?)?(?:\[(\d+)\])?([a-zA-Z%])`)

// formatVerbs returns the verb letters of format ordered by the argument
// they format, so that a translation may reorder them with %[n]s.
func formatVerbs(format string) []string {
	byArg := map[int]string{}
	arg := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[3] == "%" {
			continue
		}
		if m[1] != "" {
			arg, _ = strconv.Atoi(m[1])
		}
		if m[2] != "" { // "%.1[2]f": the index goes right before the verb
			arg, _ = strconv.Atoi(m[2])
		}
		byArg[arg] = m[3]
		arg++
	}
	out := make([]string, len(byArg))
	for a, v := range byArg {
		if a-1 < len(out) && a >= 1 {
			out[a-1] = v
		}
	}
	return out
}

func TestFormatVerbs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Epoch %d of %d", []string{"d", "d"}},
		{"%.1f %% done: %s", []string{"f", "s"}},
		{"%[2]s 的 %[1]d", []string{"d", "s"}},
		{"每秒 %.1[2]f 帧，%[1]d 个", []string{"d", "f"}},
		{"no verbs", []string{}},
	} {
		if got := formatVerbs(c.in); !slices.Equal(got, c.want) {
			t.Errorf("formatVerbs(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestNoUntranslatedStrings fails when UI code shows a string without T or
// Tf (see i18n_scan_test.go for the rules).
func TestNoUntranslatedStrings(t *testing.T) {
	fset, files := parseDir(t, ".")
	var issues []string
	for _, f := range files {
		for _, is := range scanFile(fset, f) {
			issues = append(issues, is.String())
		}
	}
	if len(issues) > 0 {
		t.Errorf("%d strings bypass the catalogue:\n%s", len(issues), strings.Join(issues, "\n"))
	}
}

// TestScanner checks the scanner on small programs.
func TestScanner(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      int
	}{
		{"label", `widget.NewLabel("Loss")`, 1},
		{"translated label", `widget.NewLabel(T("Loss"))`, 0},
		{"sprintf label", `widget.NewLabel(fmt.Sprintf("Epoch %d", n))`, 1},
		{"tf label", `widget.NewLabel(Tf("Epoch %d", n))`, 0},
		{"tf argument", `widget.NewLabel(Tf("%s: %d", "Epoch", n))`, 1},
		{"number", `widget.NewLabel("0.001")`, 0},
		{"format only", `widget.NewLabel(fmt.Sprintf("%.3f", x))`, 0},
		{"allowed word", `widget.NewSelect([]string{"Adam", "SGD"}, nil)`, 0},
		{"options", `widget.NewSelect([]string{"Fast", "Slow"}, nil)`, 2},
		{"set text", `l.SetText("Training…")`, 1},
		{"chart fields", `_ = viz.Chart{Title: "Loss", XLabel: "epoch", YLabel: T("loss")}`, 2},
		{"series name", `_ = viz.Series{Name: "train"}`, 1},
		{"assign text", `l.Text = "Paused"`, 1},
		{"menu", `fyne.NewMenuItem("Open…", nil)`, 1},
		{"dialog", `dialog.ShowInformation(T("Saved"), "The model was saved.", w)`, 1},
		{"error", `errors.New("bad file")`, 1},
		{"log", `u.log.Info("model saved", "path", p)`, 0},
		{"resource", `fyne.NewStaticResource("icon.png", b)`, 0},
		{"preference", `p.SetString("language", code)`, 0},
		{"prose table", `_ = map[int]string{1: "Stochastic gradient descent"}`, 1},
		{"single word elsewhere", `_ = map[string]int{"config": 1}`, 0},
		{"english directive", `dialog.ShowInformation("Font missing", s, w) //i18n:english`, 0},
		{"maths", `widget.NewLabel("∂L/∂W")`, 0},
		{"key", `widget.NewLabel("Ctrl+R")`, 0},
	} {
		src := "package p\nimport (\n\"fmt\"\n\"errors\"\n\"fyne.io/fyne/v2\"\n\"fyne.io/fyne/v2/widget\"\n\"fyne.io/fyne/v2/dialog\"\n\"backproplab/viz\"\n)\nfunc f() {\n" + c.src + "\n}\n"
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := scanFile(fset, f); len(got) != c.want {
			t.Errorf("%s: %s: got %d issues %v, want %d", c.name, c.src, len(got), got, c.want)
		}
	}
}

// glossary holds the teaching terms the Chinese catalogue must use: every
// key that contains the English term (case-insensitive, whole words) must
// translate to text with the Chinese term.
var glossary = []struct{ en, zh string }{
	{"neural network", "神经网络"},
	{"input layer", "输入层"},
	{"hidden layer", "隐藏层"},
	{"output layer", "输出层"},
	{"forward pass", "前向传播"},
	{"backpropagation", "反向传播"},
	{"backprop", "反向传播"},
	{"chain rule", "链式法则"},
	{"loss function", "损失函数"},
	{"mean squared error", "均方误差"},
	{"cross-entropy", "交叉熵"},
	{"stochastic gradient descent", "随机梯度下降"},
	{"gradient descent", "梯度下降"},
	{"learning rate", "学习率"},
	{"overfitting", "过拟合"},
	{"regularisation", "正则化"},
	{"regularization", "正则化"},
	{"cross-validation", "交叉验证"},
}

func TestGlossary(t *testing.T) {
	zh := readCatalogue(t, "zh-Hans")
	used := map[string]bool{}
	for k, v := range zh {
		lk := strings.ToLower(strings.ReplaceAll(k, "Backprop Lab", ""))
		for _, g := range glossary {
			re := regexp.MustCompile(`\b` + regexp.QuoteMeta(g.en) + `\b`)
			if re.MatchString(lk) {
				used[g.en] = true
				if !strings.Contains(v, g.zh) {
					t.Errorf("zh-Hans.json: %q → %q lacks %s (%s)", k, v, g.zh, g.en)
				}
			}
		}
	}
	for _, term := range []string{"神经网络", "输入层", "隐藏层", "输出层", "前向传播", "反向传播", "链式法则", "损失函数",
		"均方误差", "交叉熵", "梯度下降", "随机梯度下降", "学习率", "过拟合", "正则化", "交叉验证"} {
		found := false
		for _, v := range zh {
			found = found || strings.Contains(v, term)
		}
		if !found {
			t.Errorf("zh-Hans.json never uses %s", term)
		}
	}
}

func TestLanguageCode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"en", "en"}, {"en-US", "en"}, {"", "en"}, {"C", "en"}, {"de-DE", "en"},
		{"zh", "zh-Hans"}, {"zh-Hans", "zh-Hans"}, {"zh_CN.UTF-8", "zh-Hans"}, {"zh-CN", "zh-Hans"},
		{"zh-SG", "zh-Hans"}, {"ZH_cn", "zh-Hans"}, {"zhx", "en"},
	} {
		if got := languageCode(c.in); got != c.want {
			t.Errorf("languageCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSetLanguage(t *testing.T) {
	t.Cleanup(resetLanguage)
	if got := setLanguage("zh_CN.UTF-8"); got != "zh-Hans" {
		t.Fatalf("setLanguage(zh_CN.UTF-8) = %q", got)
	}
	if got := T("Training"); got == "Training" || got == "" {
		t.Errorf("T(Training) in Chinese = %q", got)
	}
	if got := T("a string that is not in any catalogue"); got != "a string that is not in any catalogue" {
		t.Errorf("T falls back to %q", got)
	}
	if got := setLanguage("en-GB"); got != "en" || T("Training") != "Training" {
		t.Errorf("setLanguage(en-GB) = %q, T(Training) = %q", got, T("Training"))
	}
}

// resetLanguage puts English back after a test in another language, for
// the app's catalogue, Fyne's own words and the charts' font alike, so that
// the tests after it see the app as it starts in English.
func resetLanguage() {
	followLanguage(setLanguage("en"))
	viz.ResetFont()
}
