// Command clinic-mock serves the Clinic Appointments mock (package
// clinicmock) until interrupted:
//
//	go run ./cmd/clinic-mock --addr 127.0.0.1:8080
//	curl -si localhost:8080/clinic-appointments/FHIR/R4/Appointment/a1 \
//	    -H 'Authorization: Bearer t' -H 'X-Request-ID: 60b0f9b8-5f3c-4d6e-9a6b-1f2e3d4c5b6a'
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"

	"github.com/spinecat/spinecat/mock"

	"example.org/clinic-appointments/clinicmock"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "the address to listen on")
	flag.Parse()
	cfg, err := clinicmock.Config()
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := mock.Run(ctx, mock.ServeConfig{Config: cfg, Addr: *addr, Log: os.Stderr}); err != nil {
		log.Fatal(err)
	}
}
