package appointments

//go:generate go run github.com/spinecat/spinecat/gen appointments.yaml
