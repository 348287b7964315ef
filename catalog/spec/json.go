package spec

import "encoding/json"

func mustJSON(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic("spec: embedded schema is not JSON: " + err.Error())
	}
	return m
}
