# CriEngine: a CRI runtime for Kubernetes nodes, in the style of CRI-O.
#   make run      install what is missing, build, run the daemon in the foreground (built-in defaults)
#   make test     install what is missing, build, run every test; the last line sums them up
#   make install  put the daemon, crimon, the systemd unit and the drop-in configuration in place
#   make install-cni  put the engine's bridge network in /etc/cni/net.d, unless a network is there
#   make keys-table  rewrite docs/crio-keys.md, every crio.conf key and crio flag acted on or not and why, from the key table
#   make bench    start-up, memory, call latency, pulls, pods, networking, streaming, monitors, each beside a
#                 baseline (BENCH="pods streaming" runs only those parts; BENCH=chaos the crash test at full size;
#                 BENCH=footprint memory and CPU beside containerd, BENCH_LIFECYCLES=300 BENCH_PODS=150 for a shorter run)

CONFIGURATION ?= Release
PREFIX ?= /usr/local
OUT := out
PUBLISHED := $(OUT)/criengine
CRIMON := $(OUT)/crimon
# Where make install puts crimon; the shipped drop-in names it.
CRIMON_INSTALLED := $(PREFIX)/libexec/criengine/crimon
# Native AOT for the machine's architecture: one binary, no JIT (see cmd/criengine/criengine.csproj).
RID := linux-$(subst x86_64,x64,$(subst aarch64,arm64,$(shell uname -m)))

.PHONY: all deps build publish publish-crimon run test install install-cni uninstall keys-table bench bench-chaos clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@dotnet build CriEngine.sln -c $(CONFIGURATION) -nologo -v quiet -clp:NoSummary

publish: deps
	@dotnet publish cmd/criengine/criengine.csproj -c $(CONFIGURATION) -r $(RID) -o $(PUBLISHED) -nologo -v quiet

# crimon, the conmon-compatible monitor: Native AOT, one small binary.
publish-crimon: deps
	@dotnet publish cmd/crimon/crimon.csproj -c Release -r $(RID) -o $(CRIMON) -nologo -v quiet

run: publish
	$(PUBLISHED)/criengine $(ARGS)

# The tests that start a daemon start the published one, the binary users run.
test: build publish
	@CONFIGURATION=$(CONFIGURATION) CRIENGINE_DAEMON=$(abspath $(PUBLISHED))/criengine scripts/run-tests.sh

install: publish publish-crimon
	install -d $(DESTDIR)$(PREFIX)/lib/criengine $(DESTDIR)$(PREFIX)/bin
	cp -a $(PUBLISHED)/. $(DESTDIR)$(PREFIX)/lib/criengine/
	ln -sf $(PREFIX)/lib/criengine/criengine $(DESTDIR)$(PREFIX)/bin/criengine
	install -D -m 0755 $(CRIMON)/crimon $(DESTDIR)$(CRIMON_INSTALLED)
	install -D -m 0644 contrib/systemd/criengine.service $(DESTDIR)/etc/systemd/system/criengine.service
	install -d $(DESTDIR)/etc/crio/crio.conf.d
	for f in conf.d/*.conf; do sed 's|/usr/local/libexec/criengine/crimon|$(CRIMON_INSTALLED)|' $$f > $(DESTDIR)/etc/crio/crio.conf.d/$$(basename $$f); chmod 0644 $(DESTDIR)/etc/crio/crio.conf.d/$$(basename $$f); done

# A node whose network provider has put its own config in place keeps it.
install-cni:
	@if [ -n "$$(find $(DESTDIR)/etc/cni/net.d -maxdepth 1 \( -name '*.conf' -o -name '*.conflist' -o -name '*.json' \) 2>/dev/null)" ]; then \
		echo "install-cni: $(DESTDIR)/etc/cni/net.d already holds a network; left as it is"; \
	else \
		install -D -m 0644 contrib/cni/10-criengine-bridge.conflist $(DESTDIR)/etc/cni/net.d/10-criengine-bridge.conflist; \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/criengine $(DESTDIR)/etc/systemd/system/criengine.service
	rm -rf $(DESTDIR)$(PREFIX)/lib/criengine $(DESTDIR)$(PREFIX)/libexec/criengine
	for f in conf.d/*.conf; do rm -f $(DESTDIR)/etc/crio/crio.conf.d/$$(basename $$f); done

# The file is compared with the key table by a test, which writes it instead when asked.
keys-table: deps
	@dotnet build test/CriEngine.Config.Tests -c $(CONFIGURATION) -nologo -v quiet -clp:NoSummary
	@CRIENGINE_WRITE_KEYS_TABLE=1 dotnet test test/CriEngine.Config.Tests -c $(CONFIGURATION) --no-build --filter "FullyQualifiedName~KeyTableTests" -nologo -v quiet

# The daemon SIGKILLed at 20 points over the creation and teardown of 50 pods; prints the points and the violations.
CHAOS_PODS ?= 50
CHAOS_KILLS ?= 20
bench-chaos: build
	@CRIENGINE_CHAOS_PODS=$(CHAOS_PODS) CRIENGINE_CHAOS_KILLS=$(CHAOS_KILLS) dotnet test test/CriEngine.Integration.Tests -c $(CONFIGURATION) \
		--no-build --filter "FullyQualifiedName~ChaosTests" --logger "console;verbosity=detailed" | grep -E '^ *(chaos:|killed during|Passed|Failed)|: (container|pod|runc|mount|network|monitor|cgroup|IPAM|veth|StartContainer|pulling|a container)'

bench: publish publish-crimon
	@if [ "$(BENCH)" = chaos ]; then $(MAKE) --no-print-directory bench-chaos; exit $$?; fi
	@dotnet publish bench/KestrelBaseline -c $(CONFIGURATION) -o $(OUT)/kestrel-baseline -nologo -v quiet
	@dotnet run --project bench/CriEngine.Bench -c $(CONFIGURATION) -- $(PUBLISHED)/criengine $(OUT)/kestrel-baseline/KestrelBaseline $(BENCH)

clean:
	rm -rf $(OUT)
	dotnet clean CriEngine.sln -nologo -v quiet
