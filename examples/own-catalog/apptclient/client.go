// Package apptclient is a client of the Clinic Appointments API. Every
// error it returns for an error response is a *catalog.Error of the API's
// catalogue, so callers branch with errors.Is on the generated sentinels
// and read parameters back with the generated accessors:
//
//	_, err := c.Appointment(ctx, id)
//	if errors.Is(err, appointments.ErrAppointmentNotFound) { ... }
package apptclient

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/spinecat/spinecat/client"

	"example.org/clinic-appointments/appointments"
)

// Client calls the API at BaseURL (with its base path, such as
// https://clinic.example.org/clinic-appointments/FHIR/R4).
type Client struct {
	BaseURL string
	Token   string       // the access token, sent as Authorization: Bearer
	HTTP    *http.Client // http.DefaultClient when nil
	// RequestID makes each request's X-Request-ID; a random UUID when nil.
	RequestID func() string
}

// Appointment reads an appointment and returns its FHIR JSON.
func (c *Client) Appointment(ctx context.Context, id string) ([]byte, error) {
	return c.do(ctx, http.MethodGet, "/Appointment/"+url.PathEscape(id))
}

// Book books a slot and returns the appointment made.
func (c *Client) Book(ctx context.Context, slot string) ([]byte, error) {
	return c.do(ctx, http.MethodPost, "/Slot/"+url.PathEscape(slot)+"/$book")
}

func (c *Client) do(ctx context.Context, method, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, nil)
	if err != nil {
		return nil, err
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	newID := c.RequestID
	if newID == nil {
		newID = uuid
	}
	req.Header.Set("X-Request-ID", newID())
	req.Header.Set("Accept", "application/fhir+json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	// The API is known: its entry that best explains a response is named,
	// even where the response departs from it.
	if err := client.FromResponseWith(resp, client.Options{Registry: appointments.Catalogue(), API: appointments.API}); err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// uuid returns a random (version 4) UUID.
func uuid() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
