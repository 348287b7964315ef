package flagtext

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// ShortFor is how the usage of a one-letter alias starts: "short for
// --verbose". The alias is printed beside its long flag, not apart.
const ShortFor = "short for --"

// Print prints "  -v, --verbose   usage (default x)", one flag a line,
// aligned. A usage that starts with a word in `backquotes` names the
// flag's argument with it ("--format text|json|junit"), and the word is not
// repeated in the sentence; choices are written "a|b|c", which the
// completion scripts read. Nothing is printed for a flag set without flags.
func Print(w io.Writer, fs *flag.FlagSet) {
	aliases := map[string]string{} // long name -> short name
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := strings.CutPrefix(f.Usage, ShortFor); ok {
			aliases[long] = f.Name
		}
	})
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, ShortFor) {
			return
		}
		if n == 0 {
			fmt.Fprintln(tw, "\nFlags:")
		}
		n++
		name, usage := flag.UnquoteUsage(f)
		if strings.HasPrefix(f.Usage, "`"+name+"`") {
			usage = strings.TrimLeft(strings.TrimPrefix(usage, name), " :")
		}
		left := "--" + f.Name
		if s := aliases[f.Name]; s != "" {
			left = "-" + s + ", " + left
		}
		if name != "" {
			left += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", left, usage)
	})
	tw.Flush()
}
