// Package promqleval runs promqltest scripts (the format of Prometheus'
// promql/promqltest/testdata) with the engine of the pinned Prometheus (v0.316.0), set up as
// Prometheus' own harness sets it up. Each script is a subtest, and each of its evals a subtest
// "line N/<query>" of that, so `-test.v` prints a PASS or FAIL line for every eval. It is the
// oracle of mzrules' differential test and the other side of its benchmark (tests/eval/).
//
//	go test -c -o promqleval ./promqleval
//	PROMQLEVAL_FILES="a.test b.test" PROMQLEVAL_REPEAT=1 ./promqleval -test.run Scripts
package promqleval

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/promql/promqltest"
)

func TestScripts(t *testing.T) {
	repeat, err := strconv.Atoi(os.Getenv("PROMQLEVAL_REPEAT"))
	if err != nil || repeat < 1 {
		repeat = 1
	}
	start := time.Now()
	for _, path := range strings.Fields(os.Getenv("PROMQLEVAL_FILES")) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(path), ".test"), func(t *testing.T) {
			for i := 0; i < repeat; i++ {
				engine := promqltest.NewTestEngine(t, false, 5*time.Minute, 10000)
				promqltest.RunTest(t, string(text), engine)
			}
		})
	}
	t.Logf("evaluation time: %.3f s", time.Since(start).Seconds())
}
