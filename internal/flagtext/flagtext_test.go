package flagtext

import (
	"bytes"
	"flag"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPrint(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.String("format", "text", "`text|json` the report's format")
	fs.Bool("verbose", false, "say more")
	fs.Bool("v", false, ShortFor+"verbose")
	fs.Duration("idle-timeout", time.Minute, "close idle connections after this")
	fs.Int("n", 0, "a count")
	var b bytes.Buffer
	Print(&b, fs)
	want := `
Flags:
  --format text|json        the report's format (default text)
  --idle-timeout duration   close idle connections after this (default 1m0s)
  --n int                   a count
  -v, --verbose             say more
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	b.Reset()
	Print(&b, flag.NewFlagSet("none", flag.ContinueOnError))
	if b.Len() != 0 {
		t.Errorf("a flag set without flags printed %q", b.String())
	}
}
