# Workjet: `make run` builds and runs; `make test` runs every test; `make bench` runs the benchmarks.
SWIFT ?= swift
CONFIG ?= release

.PHONY: deps build run test bench accuracy clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product workjet

# Until the gateway lands, `make run` scans the bundled sample folder.
run: build
	.build/$(CONFIG)/workjet scan samples

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
