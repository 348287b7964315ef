package all

import (
	"sync"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/catalog/spine"
)

var registry = sync.OnceValue(func() *catalog.Registry {
	return catalog.Merge(spine.Registry(), nrl.Registry(), nrlf.Registry(), ers.Registry())
})

// Registry returns the registry of every API spinecat knows, built on first
// use.
func Registry() *catalog.Registry { return registry() }

// APIs returns the API ids the registry covers, in a stable order.
func APIs() []string { return []string{"nrl", "nrlf", "ers"} }
