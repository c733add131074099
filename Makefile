# Hull build. `make` builds ./hull; `make demo` runs a container; `make test` runs every suite;
# `make bench` compares hull with runc and crun (bench/results.md, bench/results.png; not part of test).
PREFIX ?= /usr/local
CONFIG ?= Release
DOTNET ?= dotnet
COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILD_FLAGS := -c $(CONFIG) -m:1 --nologo -p:HullCommit=$(COMMIT)

.PHONY: all hull prereqs install demo package sample test native-test unit-test integration-test driver-test diff-test test-engines test-vm bench clean

all: hull

prereqs:
	scripts/install-prereqs.sh

hull: prereqs
	$(DOTNET) publish src/Hull.Cli $(BUILD_FLAGS) -o artifacts/publish
	install -m 0755 artifacts/publish/hull ./hull

install: hull
	install -D -m 0755 ./hull $(DESTDIR)$(PREFIX)/bin/hull

demo: hull
	scripts/demo.sh ./hull

# The native stages on their own (native/tests): the parser, lookup, last mile and bootstrap, error paths included.
NATIVE_TEST_FLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=undefined -fno-sanitize-recover=undefined
native-test: prereqs
	mkdir -p artifacts/native-test
	cc $(NATIVE_TEST_FLAGS) native/bootstrap.c native/tests/bootstrap_host.c -o artifacts/native-test/bootstrap_host
	cc $(NATIVE_TEST_FLAGS) native/lastmile.c native/tests/test_native.c -o artifacts/native-test/test_native
	artifacts/native-test/test_native artifacts/native-test/bootstrap_host

unit-test: prereqs
	$(DOTNET) test tests/Hull.Tests.Unit $(BUILD_FLAGS)

integration-test: hull
	HULL_BINARY=$(CURDIR)/hull $(DOTNET) test tests/Hull.Tests.Integration $(BUILD_FLAGS)

# The library and monitor, used in-process the way an engine would (as root, with ./hull for container processes),
# against each backend: Hull, runc, crun and gVisor's runsc.
# crun refuses the hybrid cgroup layout: on such a host its part runs again in a private mount namespace that hides
# the cgroup2 mount behind a scratch tmpfs (as bench.sh does), on the v1 hierarchies alone.
driver-test: hull
	scripts/install-prereqs.sh backends
	HULL_BINARY=$(CURDIR)/hull $(DOTNET) test tests/Hull.Tests.Driver $(BUILD_FLAGS)
	if [ -n "$$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; then \
	    unshare -m --propagation private -- sh -c 'umount /sys/fs/cgroup/unified && \
	        mount -t tmpfs -o mode=0755 hull-crun-view /sys/fs/cgroup/unified && \
	        HULL_BINARY=$(CURDIR)/hull $(DOTNET) test tests/Hull.Tests.Driver $(BUILD_FLAGS) --filter "DisplayName~crun"'; \
	fi

# Every scenario of tests/Hull.Tests.Differential under runc and hull, compared (docs/compatibility.md; about 10 minutes).
diff-test: hull
	scripts/install-prereqs.sh differential
	HULL_BINARY=$(CURDIR)/hull $(DOTNET) test tests/Hull.Tests.Differential $(BUILD_FLAGS)

# The NuGet packages (artifacts/packages): Hull.Driver with the native hull inside, and the libraries under it.
package: hull
	rm -rf artifacts/packages
	$(DOTNET) pack Hull.slnx $(BUILD_FLAGS) -p:HullNativeBinary=$(CURDIR)/hull -o artifacts/packages

# The library's sample program, built against the Hull.Driver package and run against a busybox rootfs; it finds
# the hull the package carries by itself.
sample: package
	rm -rf artifacts/sample-packages samples/Hull.Sample/bin samples/Hull.Sample/obj
	dir=$$(mktemp -d /tmp/hull-sample.XXXXXX) && scripts/make-bundle.sh ./hull $$dir >/dev/null && \
	$(DOTNET) run --project samples/Hull.Sample -c $(CONFIG) -- $$dir/rootfs; \
	rc=$$?; rm -rf $$dir; exit $$rc

test-engines: hull
	scripts/install-prereqs.sh engines
	HULL_BINARY=$(CURDIR)/hull $(DOTNET) test tests/Hull.Tests.Engines $(BUILD_FLAGS)

# Pure cgroup v2 and the systemd driver, for real, inside the ../shared/vmtest guest: shell checks, the cgroup-dependent
# integration tests and the library suite in each mode, CRIU beside runc, rootless podman under systemd (about 17 minutes).
test-vm: hull
	tests/vm/run.sh

test: native-test unit-test integration-test driver-test diff-test sample test-engines test-vm

bench: hull
	HULL=./hull bench/bench.sh

clean:
	rm -rf artifacts ./hull src/*/bin src/*/obj tests/*/bin tests/*/obj samples/*/bin samples/*/obj bench/LibraryHost/bin bench/LibraryHost/obj
