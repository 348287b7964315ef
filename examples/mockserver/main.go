package main

import (
	"log"
	"net/http"

	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/server"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /FHIR/R4/Binary/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch id := r.PathValue("id"); id {
		case "pending":
			server.WriteError(w, r, ers.R4Pending())
		case "no-relationship":
			server.WriteError(w, r, ers.R4NoRelationship("Binary", id))
		default:
			server.WriteError(w, r, server.NotFound(ers.API, r))
		}
	})
	h := server.Middleware(ers.API, mux) // the rules of ers.yaml: Bearer token, ODS header, business function, 406
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", server.LogRequests(h, log.Writer())))
}
