// Package clinicmock is a mock of the Clinic Appointments API for client
// tests: the front door that appointments.yaml describes (an access token,
// an X-Request-ID that must be a UUID), then the answers of scenarios.yaml,
// all written as the API writes its errors. No Go is written per error.
package clinicmock

import (
	_ "embed"
	"net/http"

	"github.com/spinecat/spinecat/mock"

	"example.org/clinic-appointments/appointments"
)

//go:embed scenarios.yaml
var scenarios []byte

// Config is the mock's configuration, for New or mock.Run.
func Config() (mock.Config, error) {
	sc, err := mock.ParseScenarios("clinicmock/scenarios.yaml", scenarios, appointments.Catalogue(), appointments.API)
	if err != nil {
		return mock.Config{}, err
	}
	return mock.Config{API: appointments.API, Scenarios: sc}, nil
}

// New returns the mock's handler, serving under the API's base path.
func New() (http.Handler, error) {
	cfg, err := Config()
	if err != nil {
		return nil, err
	}
	return mock.New(cfg)
}
