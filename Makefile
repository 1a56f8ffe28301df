# Workjet: `make run` builds and runs; `make test` runs every test; `make bench` runs the benchmarks.
SWIFT ?= swift
CONFIG ?= release

.PHONY: deps build run test scan-samples bench clean
.PHONY: bench-thresholds bench-gateway bench-cli fuzz

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product workjet

# The gateway on its embedded SQLite default with the demo configuration (echo provider, no network).
# The first run creates the database and an owner key, printed once.
DEMO_CONFIG ?= config/workjet.yaml
run: build
	@mkdir -p .workjet
	@if [ ! -f .workjet/demo.sqlite ]; then \
		key=$$(.build/$(CONFIG)/workjet keys create --config $(DEMO_CONFIG) --workspace demo --role owner) || exit 1; \
		echo "demo owner key (shown once): $$key"; \
		echo "try (redacted: the echo provider answers with what it was sent):"; \
		echo "  curl -si localhost:8080/v1/chat/completions -H \"Authorization: Bearer $$key\" -H 'content-type: application/json' \\"; \
		echo "       -d '{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"card 4111 1111 1111 1111\"}]}'"; \
		echo "and (blocked: 400 naming US_SSN, never the value): the same with \"ssn 536-22-8745\" as the content"; \
	fi
	.build/$(CONFIG)/workjet serve --config $(DEMO_CONFIG)

# Every test: the Swift suites (engine, packs, documents, CLI end to end, gateway, fuzz fail cases),
# then the official OpenAI and Anthropic Python SDKs against `workjet serve` (Tests/e2e/run.sh).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	bash Tests/e2e/run.sh .build/debug/workjet

# A scan of the bundled sample folder.
scan-samples: build
	.build/$(CONFIG)/workjet scan samples

# Benchmarks (Benchmarks/README.md):
# 1. the noise-free gate: instruction counts of fixed workloads under callgrind (Benchmarks/instructions.py)
#    against Benchmarks/Thresholds/instructions.json, 3 % tolerance;
# 2. the package-benchmark suites (baseline `current`, git-ignored), their table, and a check against the
#    committed static thresholds (Benchmarks/Thresholds/*.p90.json; wall-clock tolerances are wide, this
#    machine is shared);
# 3. the one-run raw-vs-engine ratio (workjet-throughput). Release, one thread. Exit 2 = a regression.
# The benchmark plugin reports results better than the thresholds as an error too
# (`benchmarkThresholdImprovement`, with the same exit status as a failure): only regressions fail here.
# `make bench-thresholds` re-records both kinds of thresholds.
BENCH_SCRATCH = ../.build-bench
BENCH_PACKAGE = $(SWIFT) package --scratch-path $(BENCH_SCRATCH) --allow-writing-to-package-directory benchmark
bench: deps
	@bash scripts/install-deps.sh --bench
	cd Benchmarks && $(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product workjet-instructions
	cd Benchmarks && $(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product workjet-throughput
	cd Benchmarks && $(BENCH_PACKAGE) baseline update current --no-progress --quiet
	cd Benchmarks && $(BENCH_PACKAGE) baseline read current --no-progress
	cd Benchmarks && status=0; log=$(BENCH_SCRATCH)/thresholds.log; \
		$(BENCH_PACKAGE) thresholds check --no-progress > $$log 2>&1 || status=$$?; cat $$log; \
		if [ $$status != 0 ] && grep -q benchmarkThresholdImprovement $$log && ! grep -q benchmarkThresholdRegression $$log; then \
			echo "thresholds: improvements only (consider make bench-thresholds)"; status=0; fi; \
		python3 instructions.py || { s=$$?; [ $$s = 2 ] && status=2 || exit $$s; }; \
		$(BENCH_SCRATCH)/release/workjet-throughput || exit 1; \
		exit $$status

bench-thresholds: deps
	@bash scripts/install-deps.sh --bench
	cd Benchmarks && $(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product workjet-instructions
	cd Benchmarks && python3 instructions.py --update
	cd Benchmarks && $(BENCH_PACKAGE) thresholds update --no-progress

# The gateway's added latency and throughput: wrk against an nginx mock upstream, directly, through the
# two floor proxies (Hummingbird + AsyncHTTPClient, and SwiftNIO alone) and through `workjet serve`
# (auth, DLP and audit on; Benchmarks/Gateway/run.sh installs nginx and wrk if missing).
# Not part of `make test`: it measures, it does not check.
bench-gateway: deps
	$(SWIFT) build -c release --product workjet
	cd Benchmarks && $(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product workjet-proxy-floor
	cd Benchmarks && $(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product workjet-nio-floor
	bash Benchmarks/Gateway/run.sh .build/release/workjet

# CLI throughput (Benchmarks/CLI/run.sh; not part of `make test` or `make bench`): `workjet scan` on
# 10,000 small files and one large file (SIZE MiB, default 1024) with --jobs 1 and 2, against the
# engine's in-memory MB/s on the same data; prints MB/s, the ratio to engine x jobs, and peak RSS.
bench-cli: deps
	bash Benchmarks/CLI/run.sh

# Fuzzing (Fuzz/README.md): `make fuzz SECONDS=N` runs every libFuzzer harness for N seconds.
# Failing inputs land in .build-fuzz/artifacts/<harness>/; copy them to Fuzz/FailCases/<harness>/.
SECONDS ?= 60
FUZZ_HARNESSES = scan differential stream redaction custom-regex json documents
FUZZ_BUILD = -c debug --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fuzz: deps
	cd Fuzz && for h in $(FUZZ_HARNESSES); do $(SWIFT) build $(FUZZ_BUILD) --product fuzz-$$h || exit 1; done
	cd Fuzz && $(SWIFT) run -c release --scratch-path ../.build-fuzz-seeds fuzz-seeds ../.build-fuzz/corpus
	cd Fuzz && status=0; for h in $(FUZZ_HARNESSES); do \
		mkdir -p ../.build-fuzz/corpus/$$h ../.build-fuzz/artifacts/$$h; \
		echo "== fuzz-$$h for $(SECONDS) s"; \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=$$( [ $$h = documents ] && echo 0 || echo 1 ) \
		../.build-fuzz/debug/fuzz-$$h -max_total_time=$(SECONDS) -timeout=120 \
			-max_len=$$( [ $$h = custom-regex ] && echo 512 || echo 4096 ) -dict=Dictionaries/$$h.dict \
			$$( [ $$h = documents ] && echo -detect_leaks=0 ) \
			-artifact_prefix=../.build-fuzz/artifacts/$$h/ -print_final_stats=1 \
			../.build-fuzz/corpus/$$h Seeds/$$h FailCases/$$h || status=1; \
	done; exit $$status

clean:
	rm -rf .build
