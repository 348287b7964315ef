package fhirschema

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/operationoutcome"
)

// appendValue appends doc, a value as encoding/json decodes it, to dst as
// JSON, so that Validate checks it as ValidateJSON checks a body. It fails
// on anything else: a Go type encoding/json does not decode into, a number
// that is not finite or not a JSON number.
func appendValue(dst []byte, doc any) ([]byte, error) {
	switch x := doc.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case string:
		return operationoutcome.AppendJSONString(dst, x), nil
	case json.Number:
		if !jsontape.IsNumber([]byte(x)) {
			return nil, fmt.Errorf("json.Number %q is not a JSON number", string(x))
		}
		return append(dst, x...), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("the number %v is not finite", x)
		}
		return strconv.AppendFloat(dst, x, 'g', -1, 64), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(operationoutcome.AppendJSONString(dst, k), ':')
			var err error
			if dst, err = appendValue(dst, x[k]); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	case []any:
		dst = append(dst, '[')
		for i, v := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendValue(dst, v); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	}
	return nil, fmt.Errorf("a %T, which encoding/json does not decode into", doc)
}
