package timefmt

import (
	"testing"
	"time"
)

// AppendMillis writes what time.Format writes, in every zone and year.
func TestAppendMillis(t *testing.T) {
	for _, zone := range []*time.Location{time.UTC, time.FixedZone("a", 5*3600+30*60), time.FixedZone("b", -8*3600), time.FixedZone("c", -30*60), time.FixedZone("d", 45)} {
		for _, tm := range []time.Time{
			time.Date(2026, 11, 22, 2, 27, 52, 351_999_999, zone),
			time.Date(1, 1, 1, 0, 0, 0, 0, zone),
			time.Date(999, 1, 1, 0, 0, 0, 0, zone),
			time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, zone),
			time.Date(12345, 1, 1, 0, 0, 0, 0, zone),
			time.Date(-3, 1, 1, 0, 0, 0, 0, zone),
		} {
			want := tm.Format(Layout)
			if got := string(AppendMillis([]byte("x"), tm)); got != "x"+want {
				t.Errorf("AppendMillis(%v) = %q, want %q", tm, got, "x"+want)
			}
		}
	}
}

func BenchmarkAppendMillis(b *testing.B) {
	buf := make([]byte, 0, 64)
	now := time.Now()
	b.Run("timefmt", func(b *testing.B) {
		for b.Loop() {
			buf = AppendMillis(buf[:0], now)
		}
	})
	b.Run("time.AppendFormat", func(b *testing.B) {
		for b.Loop() {
			buf = now.AppendFormat(buf[:0], Layout)
		}
	})
}
