package main

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// The commands completed, in the order of the help.
var commands = []string{"check", "list", "explain", "serve", "completion", "version", "help"}

// shells writes each shell's completion script.
var shells = map[string]func(w io.Writer, cmds []commandFlags){
	"bash": writeBash,
	"zsh":  writeZsh,
	"fish": writeFish,
}

// runCompletion is "spinecat completion bash|zsh|fish".
func runCompletion(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: spinecat completion bash|zsh|fish\n\n" +
		"Prints a completion script for the shell:\n" +
		"  bash   source <(spinecat completion bash)            (in ~/.bashrc)\n" +
		"  zsh    spinecat completion zsh > \"${fpath[1]}/_spinecat\"\n" +
		"  fish   spinecat completion fish > ~/.config/fish/completions/spinecat.fish\n"
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprint(stderr, usage)
		return exitOK
	}
	write, ok := shells[strings.Join(args, " ")]
	if !ok {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var cmds []commandFlags
	for _, c := range commands {
		cmds = append(cmds, commandFlags{name: c, flags: flagsOf(c)})
	}
	write(stdout, cmds)
	return exitOK
}

// commandFlags is what a completion script knows of one command.
type commandFlags struct {
	name  string
	flags []shellFlag
}

// shellFlag is one flag: its name, its one-letter alias, and, when it
// takes a value, the value's name and the choices it has ("a|b|c").
type shellFlag struct {
	name, short, arg string
}

// filesFor are the argument names whose values are files.
var filesFor = map[string]bool{"FILE": true, "PATH": true}

func (f shellFlag) choices() []string {
	if !strings.Contains(f.arg, "|") {
		return nil
	}
	return strings.Split(f.arg, "|")
}

// flagLine is a flag in a command's help: "  -v, --verbose", "  --format
// text|json|junit   …", or the flag package's own "  -api string".
var flagLine = regexp.MustCompile(`^  (?:-(\w), )?--?([A-Za-z][\w-]*)(?: ([^ \t]+))?(?:\s|$)`)

// flagsOf reads a command's flags from its help, so that the scripts
// complete exactly the flags each command accepts.
func flagsOf(cmd string) []shellFlag {
	var out, errOut bytes.Buffer
	if code := run([]string{cmd, "-h"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		return nil
	}
	var flags []shellFlag
	for _, line := range strings.Split(out.String()+errOut.String(), "\n") {
		if m := flagLine.FindStringSubmatch(line); m != nil {
			flags = append(flags, shellFlag{short: m[1], name: m[2], arg: m[3]})
		}
	}
	return flags
}

// valueWords are the words that complete a command's operands.
func valueWords(cmd string) string {
	switch cmd {
	case "completion":
		return "bash zsh fish"
	case "help":
		return strings.Join(commands, " ")
	}
	return ""
}

func writeBash(w io.Writer, cmds []commandFlags) {
	fmt.Fprintf(w, `# bash completion for spinecat. Load it with: source <(spinecat completion bash)
_spinecat() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} flags=""
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "%s" -- "$cur"))
        return
    fi
    case ${COMP_WORDS[1]} in
`, strings.Join(commands, " "))
	for _, c := range cmds {
		var names []string
		fmt.Fprintf(w, "    %s)\n        case $prev in\n", c.name)
		for _, f := range c.flags {
			names = append(names, "--"+f.name)
			if f.short != "" {
				names = append(names, "-"+f.short)
			}
			switch {
			case f.arg == "":
			case f.choices() != nil:
				fmt.Fprintf(w, "        --%s|-%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", f.name, f.name, strings.Join(f.choices(), " "))
			case filesFor[f.arg]:
				fmt.Fprintf(w, "        --%s|-%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", f.name, f.name)
			default: // a number, a pattern: nothing to offer
				fmt.Fprintf(w, "        --%s|-%s) COMPREPLY=(); return ;;\n", f.name, f.name)
			}
		}
		fmt.Fprintf(w, "        esac\n        flags=%q\n", strings.Join(names, " "))
		if v := valueWords(c.name); v != "" {
			fmt.Fprintf(w, "        [[ $cur != -* ]] && { COMPREPLY=($(compgen -W %q -- \"$cur\")); return; }\n", v)
		}
		fmt.Fprintf(w, "        ;;\n")
	}
	fmt.Fprint(w, `    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _spinecat spinecat
`)
}

func writeZsh(w io.Writer, cmds []commandFlags) {
	fmt.Fprintf(w, `#compdef spinecat
# zsh completion for spinecat. Install it with:
#   spinecat completion zsh > "${fpath[1]}/_spinecat"
# or load it for this shell with: source <(spinecat completion zsh)
_spinecat() {
    if (( CURRENT == 2 )); then
        compadd -- %s
        return
    fi
    case $words[2] in
`, strings.Join(commands, " "))
	for _, c := range cmds {
		fmt.Fprintf(w, "    %s)\n        _arguments", c.name)
		for _, f := range c.flags {
			spec := "--" + f.name
			switch {
			case f.arg == "":
			case f.choices() != nil:
				spec += ":" + f.name + ":(" + strings.Join(f.choices(), " ") + ")"
			case filesFor[f.arg]:
				spec += ":" + f.name + ":_files"
			default:
				spec += ":" + strings.ToLower(f.arg) + ": "
			}
			fmt.Fprintf(w, " \\\n            '%s'", spec)
			if f.short != "" {
				fmt.Fprintf(w, " \\\n            '-%s'", f.short)
			}
		}
		if v := valueWords(c.name); v != "" {
			fmt.Fprintf(w, " \\\n            '*:value:(%s)'", v)
		} else {
			fmt.Fprintf(w, " \\\n            '*:file:_files'")
		}
		fmt.Fprintf(w, "\n        ;;\n")
	}
	fmt.Fprint(w, `    esac
}
if [[ $funcstack[1] == _spinecat ]]; then
    _spinecat "$@"
else
    compdef _spinecat spinecat
fi
`)
}

func writeFish(w io.Writer, cmds []commandFlags) {
	fmt.Fprintf(w, `# fish completion for spinecat. Install it with:
#   spinecat completion fish > ~/.config/fish/completions/spinecat.fish
complete -c spinecat -f
complete -c spinecat -n __fish_use_subcommand -a '%s'
`, strings.Join(commands, " "))
	for _, c := range cmds {
		cond := "'__fish_seen_subcommand_from " + c.name + "'"
		for _, f := range c.flags {
			line := "complete -c spinecat -n " + cond + " -l " + f.name
			if f.short != "" {
				line += " -s " + f.short
			}
			switch {
			case f.arg == "":
			case f.choices() != nil:
				line += " -x -a '" + strings.Join(f.choices(), " ") + "'"
			case filesFor[f.arg]:
				line += " -r -F"
			default:
				line += " -x"
			}
			fmt.Fprintln(w, line)
		}
		if v := valueWords(c.name); v != "" {
			fmt.Fprintf(w, "complete -c spinecat -n %s -x -a '%s'\n", cond, v)
		} else if c.name == "check" {
			fmt.Fprintf(w, "complete -c spinecat -n %s -F\n", cond)
		}
	}
}
