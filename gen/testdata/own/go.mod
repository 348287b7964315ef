module example.org/ward

go 1.26.0
