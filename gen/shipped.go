package main

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/spinecat/spinecat"
	"github.com/spinecat/spinecat/catalog/spec"
)

// shippedModule is the module of the shipped catalogue's packages.
const shippedModule = "github.com/spinecat/spinecat"

// shipped loads the catalogue spinecat ships, as this generator was built
// with it: the same module version as the packages the generated code
// imports.
var shipped = sync.OnceValues(func() (*spec.Set, error) {
	paths, err := fs.Glob(spinecat.Catalogue, "catalog/*/*.yaml")
	if err != nil {
		return nil, err
	}
	var srcs []spec.Source
	for _, p := range paths {
		data, err := fs.ReadFile(spinecat.Catalogue, p)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, spec.Source{Path: p, Data: data})
	}
	set, err := spec.Load(srcs...)
	if err != nil {
		return nil, fmt.Errorf("the catalogue spinecat ships does not load; please report it:\n%v", err)
	}
	return set, nil
})
