// Command msads-gen-sdk writes the SDK of one language for a Pulumi package
// schema, with the code generators of the pinned github.com/pulumi/pulumi/pkg/v3
// (the same ones `pulumi package gen-sdk` drives through a language host).
//
// Usage:
//
//	msads-gen-sdk --schema schema.json --language nodejs|python --out DIR [--package-version X.Y.Z]
//
// Why a separate command: `pulumi package gen-sdk` asks the language host to
// generate code, and this project's own Node.js host does not implement code
// generation (and there is no Python host), so the generators are called here
// directly.
//
// Exit codes: 0 written; 1 the schema is unreadable or invalid, generation
// failed, or DIR could not be (re)written; 2 bad command line.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

const (
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, generates the SDK and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("msads-gen-sdk", flag.ContinueOnError)
	flags.SetOutput(stderr)
	schemaPath := flags.String("schema", "", "path of the Pulumi package schema (JSON)")
	language := flags.String("language", "", "SDK language: "+strings.Join(supportedLanguages, " or "))
	out := flags.String("out", "", "output directory; deleted and rewritten if it holds an earlier output of this command")
	version := flags.String("package-version", "",
		"package version (semver) to write into the SDK instead of the schema's `version`; "+
			"the SDK also asks the engine for this version of the provider plugin")
	flags.Usage = func() {
		fmt.Fprintln(stderr,
			"usage: msads-gen-sdk --schema FILE --language nodejs|python --out DIR [--package-version X.Y.Z]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "msads-gen-sdk: "+format+"\n", a...)
		flags.Usage()
		return exitUsage
	}
	switch {
	case flags.NArg() > 0:
		return usageError("unexpected argument %q", flags.Arg(0))
	case *schemaPath == "":
		return usageError("--schema is required")
	case *language == "":
		return usageError("--language is required")
	case !isSupportedLanguage(*language):
		return usageError("--language %q is not supported (want %s)", *language, strings.Join(supportedLanguages, " or "))
	case *out == "":
		return usageError("--out is required")
	}

	pkg, err := loadPackage(*schemaPath, *version)
	if err != nil {
		fmt.Fprintf(stderr, "msads-gen-sdk: %v\n", err)
		return exitFailure
	}
	files, err := generate(*language, pkg)
	if err != nil {
		fmt.Fprintf(stderr, "msads-gen-sdk: generating the %s SDK: %v\n", *language, err)
		return exitFailure
	}
	if err := writeOutput(*out, files); err != nil {
		fmt.Fprintf(stderr, "msads-gen-sdk: %v\n", err)
		return exitFailure
	}
	if pkg.Version == nil {
		fmt.Fprintf(stderr, "msads-gen-sdk: warning: the schema has no version and --package-version was not given; "+
			"the SDK carries the generators' placeholder version (%s)\n", placeholderVersion(*language))
	}
	fmt.Fprintf(stdout, "msads-gen-sdk: wrote %d files of the %s SDK for package %s to %s\n",
		len(files), *language, pkg.Name, *out)
	return 0
}
