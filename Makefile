# The README's commands. `make run` installs what is missing, builds, simulates the
# synthetic Halland 2022–2024 into build/halland/ and imports it into build/halland.db
# (both kept until the nara binary changes), prints the administration's scorecard and
# serves the web app on it; `make test` installs, builds and runs every test. Both work
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
	$(NARA) serve --db $(HALLAND).db --port $(PORT)

# The synthetic Halland, written to a temporary folder and renamed when complete.
$(HALLAND)/.complete: $(NARA)
	rm -rf $(HALLAND) $(HALLAND).tmp
	$(NARA) simulate --config data/halland --years 2022-2024 --out $(HALLAND).tmp
	touch $(HALLAND).tmp/.complete
	mv $(HALLAND).tmp $(HALLAND)

$(HALLAND).db: $(HALLAND)/.complete
	rm -f $(HALLAND).db $(HALLAND).db-wal $(HALLAND).db-shm $(HALLAND).tmp.db*
	$(NARA) import --db $(HALLAND).tmp.db $(HALLAND)/*.csv
	mv $(HALLAND).tmp.db $(HALLAND).db

test: deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)
	ctest --preset debug -j $(JOBS)

asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

clean:
	rm -rf build
