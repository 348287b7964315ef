package server

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/spinecat/spinecat/internal/entrylog"
)

// noteEntry records the catalogue entry a response was built from, when the
// request is being logged by LogRequests.
func noteEntry(r *http.Request, id string) { entrylog.Note(r, id) }

// LogRequests logs one line per request to out after next has answered it:
// time, method, path, status, the catalogue entry the response was built from
// (when written by this package) and the duration, as slog text. A nil out
// logs nothing.
func LogRequests(next http.Handler, out io.Writer) http.Handler {
	if out == nil {
		return next
	}
	logger := slog.New(slog.NewTextHandler(out, nil))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r, rec := entrylog.With(r)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		logger.Info("request",
			"method", Sanitize(r.Method),
			"path", Sanitize(r.URL.Path),
			"status", status,
			"entry", rec.Entry,
			"duration", time.Since(start).Round(time.Microsecond))
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
