// Command amconfig loads each Alertmanager configuration named on the command line with
// Alertmanager's own loader (config.LoadFile, the function the server and amtool use) and
// prints one JSON object per file: {"file": ..., "ok": true} or {"file": ..., "ok": false,
// "error": "..."}. It exits 0 whatever the verdicts; a non-zero exit means it could not run.
//
// With --templates first, each file is instead a notification template file, loaded alone with
// the default templates as Alertmanager loads the files a configuration names
// (template.FromGlobs), and the verdict is that of its parse.
//
// The matcher parser is set up as the server sets it up without --enable-feature (the UTF-8
// parser with a fallback to the classic one); the library's own default is the classic parser,
// which would give other verdicts on some matchers.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/prometheus/alertmanager/config"
	"github.com/prometheus/alertmanager/featurecontrol"
	"github.com/prometheus/alertmanager/matcher/compat"
	"github.com/prometheus/alertmanager/template"
)

type verdict struct {
	File  string `json:"file"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: amconfig FILE...")
		os.Exit(2)
	}
	// The fallback parser logs a warning for each matcher only the classic parser accepts.
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	flags, err := featurecontrol.NewFlags(logger, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	compat.InitFromFlags(logger, flags)
	out := json.NewEncoder(os.Stdout)
	files, templates := os.Args[1:], false
	if files[0] == "--templates" {
		files, templates = files[1:], true
	}
	for _, path := range files {
		v := verdict{File: path, OK: true}
		var err error
		if templates {
			_, err = template.FromGlobs([]string{path})
		} else {
			_, err = config.LoadFile(path)
		}
		if err != nil {
			v.OK = false
			v.Error = err.Error()
		}
		if err := out.Encode(v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
