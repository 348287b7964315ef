package apptclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"example.org/clinic-appointments/appointments"
	"example.org/clinic-appointments/apptclient"
	"example.org/clinic-appointments/clinicmock"
)

// TestErrorsAreTyped: against the mock, each error path comes back as the
// generated sentinel, with its parameters.
func TestErrorsAreTyped(t *testing.T) {
	h, err := clinicmock.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	base := srv.URL + appointments.API.BasePaths[0]
	good := &apptclient.Client{BaseURL: base, Token: "t", HTTP: srv.Client()}
	noToken := &apptclient.Client{BaseURL: base, HTTP: srv.Client()}
	badID := &apptclient.Client{BaseURL: base, Token: "t", HTTP: srv.Client(), RequestID: func() string { return "request-1" }}
	ctx := context.Background()
	describe := func(err error) string {
		switch {
		case errors.Is(err, appointments.ErrAppointmentNotFound):
			p, _ := appointments.AppointmentNotFoundParamsOf(err)
			return "not found: " + p.ID
		case errors.Is(err, appointments.ErrSlotUnavailable):
			p, _ := appointments.SlotUnavailableParamsOf(err)
			return "slot taken: " + p.Slot
		case errors.Is(err, appointments.ErrAccessDenied):
			return "access denied"
		case errors.Is(err, appointments.ErrInvalidRequestID):
			p, _ := appointments.InvalidRequestIDParamsOf(err)
			return "bad request id: " + p.Value
		case errors.Is(err, appointments.ErrServerError):
			return "server error"
		}
		return fmt.Sprintf("unexpected: %v", err)
	}
	var got []string
	for _, call := range []func() error{
		func() error { _, err := good.Appointment(ctx, "a1"); return err },
		func() error { _, err := good.Book(ctx, "slot-0930"); return err },
		func() error { _, err := noToken.Appointment(ctx, "a1"); return err },
		func() error { _, err := badID.Appointment(ctx, "a1"); return err },
		func() error { _, err := good.Appointment(ctx, "boom"); return err },
	} {
		got = append(got, describe(call()))
	}
	want := []string{"not found: a1", "slot taken: slot-0930", "access denied", "bad request id: request-1", "server error"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
