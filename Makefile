# The README's commands. `make run` installs what is missing, builds, simulates the
# synthetic Halland 2022–2024 into build/halland/ and imports it into build/halland.db
# (both kept until the nara binary changes), prints the administration's scorecard and
# serves the web app on it (making the administrator `admin`, its password printed, the
# first time); `make test` installs, builds and runs every test. Both work
# from a fresh clone.
PRESET ?= release
JOBS ?= $(shell nproc)

.PHONY: deps build run test asan fuzz clean

deps:
	./scripts/install-deps
	cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --silent --no-audit --no-fund; }

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)
	cd web && npm run --silent build >/dev/null

NARA := ./build/$(PRESET)/apps/nara
HALLAND := build/halland
PORT ?= 8080

run: build $(HALLAND).db
	$(NARA) compute --db $(HALLAND).db --year 2024 --period 2024-T2
	$(NARA) serve --db $(HALLAND).db --port $(PORT) --first-admin admin

# The synthetic Halland, written to a temporary folder and renamed when complete.
$(HALLAND)/.complete: $(NARA)
	rm -rf $(HALLAND) $(HALLAND).tmp
	$(NARA) simulate --config data/halland --years 2022-2024 --out $(HALLAND).tmp
	touch $(HALLAND).tmp/.complete
	mv $(HALLAND).tmp $(HALLAND)

$(HALLAND).db: $(HALLAND)/.complete data/halland/internal_control_2024.csv
	rm -f $(HALLAND).db $(HALLAND).db-wal $(HALLAND).db-shm $(HALLAND).tmp.db*
	$(NARA) import --db $(HALLAND).tmp.db $(HALLAND)/*.csv
	$(NARA) internal-control import --db $(HALLAND).tmp.db --year 2024 data/halland/internal_control_2024.csv
	mv $(HALLAND).tmp.db $(HALLAND).db

test: deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)
	ctest --preset debug -j $(JOBS)

asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# The fuzz targets built with clang and libFuzzer (preset `fuzz`), each run for
# FUZZ_RUNS inputs from a fixed seed, starting from its corpus in fuzz/seeds/: the
# same inputs on every run, so a failure is a finding, never chance.
FUZZ_RUNS ?= 200000
FUZZ_TARGETS := csv_reader:csv expr_parser:expr http_request:http

fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS) $(foreach t,$(FUZZ_TARGETS),--target nara_fuzz_$(firstword $(subst :, ,$(t))))
	@set -e; for t in $(FUZZ_TARGETS); do \
	  name=$${t%%:*}; seeds=$${t##*:}; corpus=build/fuzz/corpus/$$name; mkdir -p $$corpus; \
	  echo "fuzz $$name: $(FUZZ_RUNS) runs"; \
	  ./build/fuzz/fuzz/nara_fuzz_$$name -runs=$(FUZZ_RUNS) -seed=1 -print_final_stats=0 $$corpus fuzz/seeds/$$seeds \
	    2>build/fuzz/fuzz-$$name.log || { tail -40 build/fuzz/fuzz-$$name.log; exit 1; }; \
	done

clean:
	rm -rf build
