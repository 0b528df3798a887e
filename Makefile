# The README's commands. `make run` installs what is missing, builds and computes the
# scorecard on the shipped example extract; `make test` installs, builds and runs
# every test. Both work from a fresh clone.
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

run: build
	./build/$(PRESET)/apps/nara compute --data data/example --year 2024 --period 2024-T1

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
