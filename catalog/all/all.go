package all

import (
	"sync"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/eps"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/erspc"
	"github.com/spinecat/spinecat/catalog/gpconnect"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/catalog/pds"
	"github.com/spinecat/spinecat/catalog/spine"
)

var registry = sync.OnceValue(func() *catalog.Registry {
	return catalog.Merge(spine.Registry(), nrl.Registry(), nrlf.Registry(), ers.Registry(), pds.Registry(), erspc.Registry(),
		gpconnect.Registry(), eps.Registry())
})

// Registry returns the registry of every API spinecat knows, built on first
// use. Its APIs and API methods give each API's value (catalog.API).
func Registry() *catalog.Registry { return registry() }

// APIs returns every API spinecat knows, in a stable order.
func APIs() []*catalog.API { return Registry().APIs() }
