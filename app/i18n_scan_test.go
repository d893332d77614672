package app

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds UI text that bypasses the catalogue. It parses the
// package's Go files (not tests) and reports string literals with words that
// reach the user without going through T or Tf:
//
//   - any string argument of a call into a Fyne package or into viz
//     (widget.NewLabel("…"), dialog.ShowInformation("…", …), …), except for
//     the packages and functions in scanSkipCalls, which take names, paths
//     and keys;
//   - string arguments of scanTextFuncs such as errorLabel;
//   - arguments of the text methods in scanTextMethods on any receiver
//     (SetText, SetTitle, Append, …);
//   - the text fields in scanTextFields of composite literals and of
//     assignments (viz.Chart{Title: "…"}, label.Text = "…");
//   - format strings of fmt.Errorf and errors.New, whose errors the app
//     shows in dialogs;
//   - elsewhere, "prose": literals with two or more words of two or more
//     letters, e.g. a table of captions, unless they sit in a log call,
//     a panic or a struct tag.
//
// Literals inside the first argument of T, Tf, N (a key that is translated
// later) or a local wrapper of T (see translators) are translated. Words in
// scanAllowedWords (names such as "Adam", key names, units) and one-letter
// words (maths such as "∂L/∂W") are not translated. Format verbs such as
// "%d" are ignored. A "//i18n:english" comment keeps the literals of its
// line, or of the declaration it documents, in English.

// scanTextMethods are methods whose string arguments are shown, with the
// indexes of those arguments (-1: every argument).
var scanTextMethods = map[string]int{
	"SetText": 0, "SetTitle": 0, "SetPlaceHolder": 0, "SetSubTitle": 0,
	"SetOptions": 0, "Append": 0, "AppendItem": -1, "SetConfirmText": 0,
	"SetDismissText": 0, "SetValidationError": -1, "ParseMarkdown": 0,
	"SetContent": -1, "SetTitleText": 0, "ShowError": -1,
}

// scanTextFuncs are the package's own functions that show their string
// arguments.
var scanTextFuncs = map[string]bool{"errorLabel": true}

// scanTextFields are struct fields that hold shown text.
var scanTextFields = map[string]bool{
	"Text": true, "Title": true, "XLabel": true, "YLabel": true, "Name": true,
	"Label": true, "Labels": true, "PlaceHolder": true, "Subtitle": true,
	"Caption": true, "Message": true, "Options": true, "Hint": true,
}

// scanSkipCalls are calls whose string arguments are not shown text:
// import path prefixes, or "pkgpath.Func" / ".Method" names.
var scanSkipCalls = []string{
	"fyne.io/fyne/v2/storage", "fyne.io/fyne/v2/lang", "fyne.io/fyne/v2/theme",
	"fyne.io/fyne/v2/app", "fyne.io/fyne/v2/test", "fyne.io/fyne/v2/data/binding",
	"fyne.io/fyne/v2.NewStaticResource", "fyne.io/fyne/v2.NewSize",
	"backproplab/viz.NewDiverging", "backproplab/viz.NewSequential",
	".SetFileName", ".SetString", ".String", ".StringWithFallback", ".SetBool",
	".Bool", ".BoolWithFallback", ".SetFloat", ".Float", ".FloatWithFallback",
	".SetInt", ".Int", ".IntWithFallback", ".SetStringList", ".StringList",
	".RemoveValue", ".OpenURL", ".NewWindow",
}

// scanLogMethods are logging and panicking calls, whose text is not shown.
var scanLogMethods = map[string]bool{
	"Info": true, "Error": true, "Warn": true, "Debug": true, "Log": true,
	"Logf": true, "Printf": true, "Println": true, "Fatal": true, "Fatalf": true,
	"panic": true, "LogError": true, "With": true,
}

// scanAllowedWords are words that stay as they are in every language.
var scanAllowedWords = map[string]bool{
	"Adam": true, "SGD": true, "ReLU": true, "MNIST": true, "L1": true, "L2": true,
	"Ctrl": true, "Shift": true, "Alt": true, "F11": true, "Esc": true, "Tab": true,
	"Backprop": true, "Lab": true, "softmax": true, "tanh": true, "sigmoid": true,
	"npz": true, "json": true, "csv": true, "png": true, "svg": true, "PNG": true,
	"SVG": true, "CSV": true, "ms": true, "dp": true, "px": true, "MB": true,
	"KB": true, "ID": true, "max": true, "min": true, "exp": true, "log": true,
	"ln": true, "dL": true, "dz": true, "dW": true, "db": true, "da": true,
	"lr": true, "ce": true, "mse": true, "Dense": true, "argmax": true,
	"ReLUs": true, "e": true, "http": true, "https": true, "out": true, "next": true,
}

// fmtVerb matches printf verbs, which are not words.
var fmtVerb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\*|\d+)?(\.(\*|\d+)?)?[a-zA-Z%]`)

// scanIssue is one literal that bypasses the catalogue.
type scanIssue struct {
	pos  token.Position
	lit  string
	rule string
}

func (i scanIssue) String() string {
	return fmt.Sprintf("%s:%d: %s %s: wrap it in T or Tf", filepath.Base(i.pos.Filename), i.pos.Line, i.rule, i.lit)
}

// needsTranslation reports whether the unquoted literal s has words that
// are shown to users, and whether it is prose (two or more long words).
func needsTranslation(s string) (words, prose bool) {
	s = fmtVerb.ReplaceAllString(s, " ")
	if strings.Contains(s, "://") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") {
		return false, false // URLs, extensions, paths
	}
	long := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !strings.ContainsFunc(w, unicode.IsLetter) || scanAllowedWords[w] {
			continue
		}
		if utf8.RuneCountInString(w) == 1 {
			continue
		}
		words = true
		if utf8.RuneCountInString(w) >= 2 {
			long++
		}
	}
	return words, long >= 2 && strings.ContainsAny(s, " \n")
}

// scanFile reports the literals of f that bypass the catalogue.
func scanFile(fset *token.FileSet, f *ast.File) []scanIssue {
	imports := map[string]string{} // local name → import path
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if p == "fyne.io/fyne/v2" {
			name = "fyne"
		}
		if im.Name != nil {
			name = im.Name.Name
		}
		imports[name] = p
	}
	s := &scanner{fset: fset, imports: imports, seen: map[*ast.BasicLit]bool{}, english: map[int]bool{}, translators: translators(f)}
	// "//i18n:english" keeps the literals of its line, or of the
	// declaration it documents, in English.
	for _, cg := range f.Comments {
		if englishDirective(cg) {
			s.english[fset.Position(cg.Pos()).Line] = true
		}
	}
	for _, d := range f.Decls {
		var doc *ast.CommentGroup
		switch d := d.(type) {
		case *ast.GenDecl:
			doc = d.Doc
		case *ast.FuncDecl:
			doc = d.Doc
		}
		if englishDirective(doc) {
			for l := fset.Position(d.Pos()).Line; l <= fset.Position(d.End()).Line; l++ {
				s.english[l] = true
			}
		}
	}
	s.markKeyConsts(f)
	// Pass 1: shown text in known places, with a rule name.
	ast.Inspect(f, s.visitShown)
	// Pass 2: prose anywhere else.
	ast.Inspect(f, s.visitProse)
	sort.Slice(s.issues, func(i, j int) bool { return s.issues[i].pos.Offset < s.issues[j].pos.Offset })
	return s.issues
}

// englishDirective reports whether cg has a "//i18n:english" line.
func englishDirective(cg *ast.CommentGroup) bool {
	if cg == nil {
		return false
	}
	for _, c := range cg.List {
		if strings.HasPrefix(c.Text, "//i18n:english") {
			return true
		}
	}
	return false
}

type scanner struct {
	fset    *token.FileSet
	imports map[string]string
	seen    map[*ast.BasicLit]bool // literals already judged
	english map[int]bool           // lines that stay in English
	// translators are the names of T, Tf, N and wrappers of them.
	translators map[string]bool
	issues      []scanIssue
}

// callName returns "importpath.Func" for a package function, ".Method" for
// a method call and "Func" for a local function.
func (s *scanner) callName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if id, ok := fn.X.(*ast.Ident); ok && id.Obj == nil {
			if p, ok := s.imports[id.Name]; ok {
				return p + "." + fn.Sel.Name
			}
		}
		return "." + fn.Sel.Name
	case *ast.IndexExpr: // generic instantiation
		if id, ok := fn.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// translators returns the names of the functions in f whose first
// argument is a catalogue key: T, Tf, N, errorf (i18n_errors.go), and
// local wrappers such as
//
//	w := func(format string, args ...any) { fmt.Fprintf(&b, T(format), args...) }
func translators(f *ast.File) map[string]bool {
	m := map[string]bool{"T": true, "Tf": true, "N": true, "errorf": true}
	wraps := func(ft *ast.FuncType, body *ast.BlockStmt) bool {
		if ft.Params == nil || len(ft.Params.List) == 0 || len(ft.Params.List[0].Names) == 0 || body == nil {
			return false
		}
		p := ft.Params.List[0].Names[0].Name
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && len(c.Args) > 0 {
				fn, ok1 := c.Fun.(*ast.Ident)
				a, ok2 := c.Args[0].(*ast.Ident)
				found = found || ok1 && ok2 && (fn.Name == "T" || fn.Name == "Tf") && a.Name == p
			}
			return !found
		})
		return found
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv == nil && wraps(n.Type, n.Body) {
				m[n.Name.Name] = true
			}
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if fl, ok := r.(*ast.FuncLit); ok && i < len(n.Lhs) && wraps(fl.Type, fl.Body) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok {
						m[id.Name] = true
					}
				}
			}
		}
		return true
	})
	return m
}

func (s *scanner) isTranslator(name string) bool { return s.translators[name] }

// isLocal reports whether the call name is a function or method of this
// package (or a method of a variable).
func isLocal(name string) bool { return !strings.Contains(name, ".") || strings.HasPrefix(name, ".") }

func skipped(name string) bool {
	for _, p := range scanSkipCalls {
		if name == p || strings.HasPrefix(name, p+".") || (strings.HasPrefix(p, ".") && strings.HasSuffix(name, p) && strings.HasPrefix(name, ".")) {
			return true
		}
	}
	return false
}

// check reports the untranslated literals in e, not looking inside T and
// Tf calls' formats, log calls or other skipped calls.
func (s *scanner) check(e ast.Expr, rule string) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			name := s.callName(n)
			if s.isTranslator(name) {
				s.markTranslated(n)
				for _, a := range n.Args[1:] {
					s.check(a, rule)
				}
				return false
			}
			if skipped(name) || scanLogMethods[strings.TrimPrefix(name, ".")] {
				return false
			}
			if isLocal(name) && !scanTextFuncs[name] {
				return false // its result is not a literal; the prose rule looks inside
			}
		case *ast.BasicLit:
			s.judge(n, rule, false)
		}
		return true
	})
}

// markKeyConsts marks the literals of the constants that are passed to a
// translator as translated.
func (s *scanner) markKeyConsts(f *ast.File) {
	keys := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && len(c.Args) > 0 && s.isTranslator(s.callName(c)) {
			if id, ok := c.Args[0].(*ast.Ident); ok {
				keys[id.Name] = true
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, name := range vs.Names {
				if keys[name.Name] && i < len(vs.Values) {
					ast.Inspect(vs.Values[i], func(n ast.Node) bool {
						if l, ok := n.(*ast.BasicLit); ok {
							s.seen[l] = true
						}
						return true
					})
				}
			}
		}
		return true
	})
}

// markTranslated marks the literals in a T or Tf call's format as judged.
func (s *scanner) markTranslated(call *ast.CallExpr) {
	if len(call.Args) > 0 {
		ast.Inspect(call.Args[0], func(n ast.Node) bool {
			if l, ok := n.(*ast.BasicLit); ok {
				s.seen[l] = true
			}
			return true
		})
	}
}

// judge records lit if it needs translation (prose only: only if it is
// prose).
func (s *scanner) judge(lit *ast.BasicLit, rule string, proseOnly bool) {
	if lit.Kind != token.STRING || s.seen[lit] || s.english[s.fset.Position(lit.Pos()).Line] {
		return
	}
	v, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	words, prose := needsTranslation(v)
	if proseOnly && !prose || !words {
		if !proseOnly {
			s.seen[lit] = true
		}
		return
	}
	s.seen[lit] = true
	s.issues = append(s.issues, scanIssue{pos: s.fset.Position(lit.Pos()), lit: lit.Value, rule: rule})
}

func (s *scanner) visitShown(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		name := s.callName(n)
		switch {
		case s.isTranslator(name):
			s.markTranslated(n)
		case skipped(name):
		case name == "errors.New" || name == "fmt.Errorf":
			if len(n.Args) > 0 {
				s.check(n.Args[0], name)
			}
		case strings.HasPrefix(name, "fyne.io/") || strings.HasPrefix(name, "backproplab/viz.") || scanTextFuncs[name]:
			for _, a := range n.Args {
				s.check(a, name[strings.LastIndex(name, "/")+1:])
			}
		case strings.HasPrefix(name, "."):
			if i, ok := scanTextMethods[name[1:]]; ok {
				for j, a := range n.Args {
					if i < 0 || i == j {
						s.check(a, name)
					}
				}
			}
		}
	case *ast.KeyValueExpr:
		if k, ok := n.Key.(*ast.Ident); ok && scanTextFields[k.Name] {
			s.check(n.Value, k.Name+":")
		}
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			if sel, ok := l.(*ast.SelectorExpr); ok && scanTextFields[sel.Sel.Name] && i < len(n.Rhs) {
				s.check(n.Rhs[i], "."+sel.Sel.Name+" =")
			}
		}
	}
	return true
}

func (s *scanner) visitProse(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ImportSpec, *ast.Field: // import paths, struct tags
		return false
	case *ast.CallExpr:
		name := s.callName(n)
		if s.isTranslator(name) {
			s.markTranslated(n)
			for _, a := range n.Args[1:] {
				ast.Inspect(a, s.visitProse)
			}
			return false
		}
		if skipped(name) || scanLogMethods[strings.TrimPrefix(name, ".")] {
			return false
		}
	case *ast.BasicLit:
		s.judge(n, "prose", true)
	}
	return true
}
