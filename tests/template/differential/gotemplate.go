package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"text/template"
)

type In struct {
	Text string `json:"text"`
	Data any    `json:"data"`
}
type Out struct {
	Out string `json:"out"`
	Err string `json:"err"`
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	enc := json.NewEncoder(os.Stdout)
	for sc.Scan() {
		var in In
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		dec.Decode(&in)
		in.Data = convert(in.Data)
		var o Out
		t, err := template.New("t").Parse(in.Text)
		if err != nil {
			o.Err = err.Error()
		} else {
			var b bytes.Buffer
			if err := t.Execute(&b, in.Data); err != nil {
				o.Err = err.Error()
			} else {
				o.Out = b.String()
			}
		}
		enc.Encode(o)
	}
}

// JSON numbers with a point or exponent are float64, others int, as mzrules reads them.
func convert(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = convert(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = convert(e)
		}
		return x
	}
	return v
}
