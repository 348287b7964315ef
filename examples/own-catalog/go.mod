module example.org/clinic-appointments

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/spinecat/spinecat v0.0.0-00010101000000-000000000000
)

require (
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/spinecat/spinecat => ../..

tool github.com/spinecat/spinecat/gen
