package server

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/entrylog"
	"github.com/spinecat/spinecat/internal/timefmt"
)

// noteEntry records the catalogue entry a response was built from (nil for
// none) for a RequestLog, whose writer w is or wraps (with an Unwrap
// method, as http.ResponseController asks of wrappers), and for a request
// that carries an entrylog.Record.
func noteEntry(w http.ResponseWriter, r *http.Request, e *catalog.Entry) {
	for w != nil {
		if lw, ok := w.(*loggedWriter); ok {
			lw.entry = e
			break
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	if rec := entrylog.From(r); rec != nil {
		rec.Entry = ""
		if e != nil {
			rec.Entry = e.ID()
		}
	}
}

// maxQueuedLog is how many bytes of log lines wait for a slow writer before
// further lines are dropped: some thousands of requests.
const maxQueuedLog = 256 << 10

// RequestLog logs one line per request, in the text form of log/slog: time,
// method, path, status, the catalogue entry the response was built from
// (when written by this package) and the duration.
//
// A request never waits for the log's writer: the line is queued and a
// goroutine of the log's own writes the queue, running only while lines
// wait (under load it writes the lines of a millisecond at once). When the
// writer falls so far behind that the queue is full, lines are dropped and
// counted, and the count is logged when the writer catches up. Use one
// RequestLog per writer; it is safe for concurrent use.
//
// The entry is taken from the ResponseWriter the handler writes to, so a
// wrapper between the log and the handler needs an Unwrap method (as
// http.ResponseController asks of wrappers) for the entry to be logged.
type RequestLog struct {
	out     io.Writer
	max     int // bytes queued at most
	mu      sync.Mutex
	queue   []byte        // lines waiting for the writer
	spare   []byte        // the buffer last written, reused
	dropped int           // lines dropped since the last write
	lost    int           // lines dropped in all
	running chan struct{} // closed when the writer goroutine stops; nil when none runs
}

// NewRequestLog returns a request log that writes to out.
func NewRequestLog(out io.Writer) *RequestLog {
	return &RequestLog{out: out, max: maxQueuedLog}
}

// LogRequests logs one line per request to out after next has answered it
// (see RequestLog). A nil out logs nothing.
func LogRequests(next http.Handler, out io.Writer) http.Handler {
	if out == nil {
		return next
	}
	return NewRequestLog(out).Handler(next)
}

// Handler returns next with each request it answers logged.
func (l *RequestLog) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		lw := &loggedWriter{ResponseWriter: w}
		next.ServeHTTP(lw, r)
		status := lw.status
		if status == 0 {
			status = http.StatusOK
		}
		var buf [256]byte
		line := appendLine(buf[:0], start, r, status, lw.entry, time.Since(start))
		l.enqueue(line)
	})
}

// enqueue queues a line for the writer, or counts it as dropped when the
// queue is full, and starts the writer when none runs.
func (l *RequestLog) enqueue(line []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.queue)+len(line) > l.max {
		l.dropped++
		l.lost++
	} else {
		l.queue = append(l.queue, line...)
	}
	if l.running == nil {
		l.running = make(chan struct{})
		go l.write(l.running)
	}
}

// write writes the queue until it is empty, then stops.
func (l *RequestLog) write(done chan struct{}) {
	for {
		l.mu.Lock()
		if len(l.queue) == 0 && l.dropped == 0 {
			l.running = nil
			l.mu.Unlock()
			close(done)
			return
		}
		batch := l.queue
		l.queue = l.spare[:0]
		dropped := l.dropped
		l.dropped = 0
		l.mu.Unlock()
		if dropped > 0 {
			batch = appendDropped(batch, time.Now(), dropped)
		}
		_, _ = l.out.Write(batch) // nothing to do about a broken log
		l.mu.Lock()
		l.spare = batch
		l.mu.Unlock()
		// Under load, lines gather for a moment and go out in one write
		// rather than a write, and a goroutine, each.
		time.Sleep(logLinger)
	}
}

// logLinger is how long the writer waits after a write for more lines:
// long enough to gather many under load, too short for a person to notice.
const logLinger = time.Millisecond

// Flush waits until every line queued has been written, or ctx is done.
func (l *RequestLog) Flush(ctx context.Context) error {
	l.mu.Lock()
	done := l.running
	l.mu.Unlock()
	if done == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Dropped returns how many lines were dropped because the writer fell
// behind.
func (l *RequestLog) Dropped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lost
}

// appendLine appends the log line of one request.
func appendLine(b []byte, t time.Time, r *http.Request, status int, e *catalog.Entry, d time.Duration) []byte {
	b = appendHead(b, t, "INFO", "request")
	b = appendAttr(b, "method", Sanitize(r.Method))
	cs := credentialsOf(r)
	b = appendAttr(b, "path", cleanValue(r.URL.Path, &cs, DefaultMaxParamRunes))
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(status), 10)
	if e != nil {
		b = append(b, " entry="...)
		b = append(b, e.API...)
		b = append(b, '.')
		b = append(b, e.Name...)
	} else {
		b = append(b, ` entry=""`...)
	}
	b = append(b, " duration="...)
	b = append(b, d.Round(time.Microsecond).String()...)
	return append(b, '\n')
}

// appendDropped appends the line that counts lines dropped.
func appendDropped(b []byte, t time.Time, n int) []byte {
	b = appendHead(b, t, "WARN", "request log lines dropped: the log's writer fell behind")
	b = append(b, " count="...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, '\n')
}

// appendHead appends "time=... level=... msg=...", as slog.TextHandler
// writes them.
func appendHead(b []byte, t time.Time, level, msg string) []byte {
	b = append(b, "time="...)
	b = timefmt.AppendMillis(b, t)
	b = append(b, " level="...)
	b = append(b, level...)
	return appendAttr(b, "msg", msg)
}

// appendAttr appends " key=value", the value quoted when slog would quote
// it.
func appendAttr(b []byte, key, v string) []byte {
	b = append(b, ' ')
	b = append(b, key...)
	b = append(b, '=')
	if needsQuoting(v) {
		return strconv.AppendQuote(b, v)
	}
	return append(b, v...)
}

func needsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if r == ' ' || r == '=' || r == '"' || r == '\\' || r == utf8.RuneError || !unicode.IsPrint(r) {
			return true
		}
	}
	return false
}

// loggedWriter remembers the status a handler wrote, and the entry it
// sent.
type loggedWriter struct {
	http.ResponseWriter
	status int
	entry  *catalog.Entry
}

func (s *loggedWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *loggedWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *loggedWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
