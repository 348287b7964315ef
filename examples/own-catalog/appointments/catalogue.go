package appointments

import (
	"sync"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
)

// Catalogue returns this API's registry merged with every API spinecat
// ships: what a client, a mock or a conformance test identifies responses
// against, so that a response of another API is still named as that API's.
var Catalogue = sync.OnceValue(func() *catalog.Registry {
	return catalog.Merge(all.Registry(), Registry())
})
