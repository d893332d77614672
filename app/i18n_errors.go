package app

import (
	"errors"
	"fmt"
	"strings"
)

// trError is an error for people and for the log at once: Error gives its
// text in the language chosen (format is a catalogue key), english the
// same text in English, for the -v log, which stays searchable whatever
// the language.
type trError struct {
	format string
	args   []any
}

// errorf returns an error whose message is Tf(format, args...) and whose
// log text (english) is the English format; like fmt.Errorf, a %w
// argument is wrapped (errors.Is and errors.As see it).
func errorf(format string, args ...any) error {
	return &trError{format: format, args: args}
}

// Error implements error, in the language chosen.
func (e *trError) Error() string { return fmt.Errorf(T(e.format), e.args...).Error() }

// Unwrap returns the errors among the arguments.
func (e *trError) Unwrap() []error {
	var errs []error
	for _, a := range e.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// english returns the message in English, with the errors among the
// arguments in English too.
func (e *trError) english() string {
	args := make([]any, len(e.args))
	for i, a := range e.args {
		if err, ok := a.(error); ok {
			a = englishError{err}
		}
		args[i] = a
	}
	return fmt.Errorf(e.format, args...).Error()
}

// englishError shows an error by its English text.
type englishError struct{ err error }

func (e englishError) Error() string { return english(e.err) }

// english returns err's message for the log: in English, even where err
// is or wraps an error made by errorf. Log errors as "err", english(err).
func english(err error) string {
	if err == nil {
		return ""
	}
	if te, ok := err.(*trError); ok {
		return te.english()
	}
	msg := err.Error()
	if te := (*trError)(nil); errors.As(err, &te) {
		msg = strings.Replace(msg, te.Error(), te.english(), 1)
	}
	return msg
}
