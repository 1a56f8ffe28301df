# Workjet: `make run` builds and runs; `make test` runs every test; `make bench` runs the benchmarks.
SWIFT ?= swift
CONFIG ?= release

.PHONY: deps build run test bench accuracy clean
.PHONY: bench-thresholds fuzz

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

# Benchmarks (Benchmarks/README.md): run the package-benchmark suites (baseline `current`, kept in
# Benchmarks/.benchmarkBaselines, git-ignored) and print their table; run them again under
# `thresholds check` against the committed static thresholds (Benchmarks/Thresholds/; exit 2 = regression;
# checking the stored baseline instead fails to find the thresholds in package-benchmark 1.38.1), then
# print the one-run raw-vs-engine ratio. Release, one thread. `make bench-thresholds` re-records the thresholds.
BENCH_SCRATCH = ../.build-bench
BENCH_PACKAGE = $(SWIFT) package --scratch-path $(BENCH_SCRATCH) --allow-writing-to-package-directory benchmark
bench: deps
	cd Benchmarks && $(BENCH_PACKAGE) baseline update current --no-progress --quiet
	cd Benchmarks && $(BENCH_PACKAGE) baseline read current --no-progress
	cd Benchmarks && status=0; $(BENCH_PACKAGE) thresholds check --no-progress || status=$$?; \
		$(SWIFT) run -c release --scratch-path $(BENCH_SCRATCH) workjet-throughput || exit 1; \
		if [ $$status = 4 ]; then echo "thresholds: improvements only (consider make bench-thresholds)"; status=0; fi; \
		exit $$status

bench-thresholds: deps
	cd Benchmarks && $(BENCH_PACKAGE) thresholds update --no-progress

# Fuzzing (Fuzz/README.md): `make fuzz SECONDS=N` runs every libFuzzer harness for N seconds.
# Failing inputs land in .build-fuzz/artifacts/<harness>/; copy them to Fuzz/FailCases/<harness>/.
SECONDS ?= 60
FUZZ_HARNESSES = scan differential stream redaction custom-regex
FUZZ_BUILD = -c debug --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fuzz: deps
	cd Fuzz && for h in $(FUZZ_HARNESSES); do $(SWIFT) build $(FUZZ_BUILD) --product fuzz-$$h || exit 1; done
	cd Fuzz && $(SWIFT) run -c release --scratch-path ../.build-fuzz-seeds fuzz-seeds ../.build-fuzz/corpus
	cd Fuzz && status=0; for h in $(FUZZ_HARNESSES); do \
		mkdir -p ../.build-fuzz/corpus/$$h ../.build-fuzz/artifacts/$$h; \
		echo "== fuzz-$$h for $(SECONDS) s"; \
		SWIFT_BACKTRACE=enable=no ../.build-fuzz/debug/fuzz-$$h -max_total_time=$(SECONDS) -timeout=120 \
			-max_len=$$( [ $$h = custom-regex ] && echo 512 || echo 4096 ) -dict=Dictionaries/$$h.dict \
			-artifact_prefix=../.build-fuzz/artifacts/$$h/ -print_final_stats=1 \
			../.build-fuzz/corpus/$$h Seeds/$$h FailCases/$$h || status=1; \
	done; exit $$status

clean:
	rm -rf .build
