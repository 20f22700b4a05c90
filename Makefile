# SPDX-License-Identifier: GPL-2.0
#
# routefence: out-of-tree module, tool, tests and the VM test loop.
#
#   make            module, rfence tool and test programs
#   make check      everything below, then the kselftest suite in a VM,
#                   once per supported kernel installed (KERNELS), and the
#                   Debian packages installed and booted in a VM (6.1, 6.12)
#   make check-debug  the suite, the fuzzer (100,000 messages) and the
#                   stress tests at full size on a KASAN/lockdep/kmemleak
#                   kernel built (once, cached) from linux-source
#   make deb        the Debian packages routefence-dkms and rfence (.debs
#                   here, built in build/deb)
#   make check-packages  make deb, then only the package test in VMs
#   make demo       the seeds' topology in a VM, with a reachability matrix
#   make install    module (+depmod), tool, man page, bash completion,
#                   routefence.service, /etc/routefence.conf if absent
#   make style      checkpatch --strict on kmod/, shellcheck on all scripts,
#                   generated netlink files up to date (tools/ynl/gen.py)
#   make deps       install the Debian packages the build and the VM need,
#                   with Debian's 6.1, 6.12 and 6.12-rt kernels
#
# The module is built for KERNELRELEASE: by default the newest installed
# generic (amd64) kernel of a supported series (6.1, 6.12) with headers,
# not the running one (this host may run a kernel that cannot load
# modules). Override with KERNELRELEASE=... or KDIR=.... "make check" runs
# the suite on every kernel in KERNELS: by default the newest installed
# kernel of each supported series and flavour (tools/vm/kernels), or just
# KERNELRELEASE when that is given on the command line.

SHELL := /bin/bash

KERNELS_CMD := $(CURDIR)/tools/vm/kernels
KERNELRELEASE ?= $(shell $(KERNELS_CMD) --default)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
ifeq ($(origin KERNELRELEASE),command line)
KERNELS ?= $(KERNELRELEASE)
else
KERNELS ?= $(shell $(KERNELS_CMD))
endif
# The kernels the package test boots: the generic ones of KERNELS (Debian's
# 6.1 and 6.12).
PACKAGE_KERNELS ?= $(filter-out %-rt-amd64,$(KERNELS))

PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= /lib/systemd/system
SYSCONFDIR ?= /etc
MODDIR ?= /lib/modules/$(KERNELRELEASE)/updates
DESTDIR ?=

BUILD := $(CURDIR)/build
KSRC := $(BUILD)/ksrc
KSRC_STAMP := $(KSRC)/.stamp-routefence
LINUX_SOURCE_TAR ?= $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz) \
	$(sort $(wildcard /usr/src/linux-source-*.tar.xz)))
KSFT_DIR ?= $(KSRC)/tools/testing/selftests
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl
VMRUN := $(CURDIR)/tools/vm/vmrun
MODULE := kmod/routefence.ko

# What we take from the kernel source: checkpatch and its data files, and
# the kselftest framework (lib.mk, runner, headers).
KSRC_MEMBERS := scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch \
	tools/testing/selftests/lib.mk tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest/ \
	tools/testing/selftests/run_kselftest.sh

# Debian packages: the build, the VM and what the tests run in it. The
# kernels (6.1, 6.12, 6.12-rt, with headers and sources) are named by
# tools/deps-kernels and checked through tools/vm/kernels. The package
# build (make deb) needs debhelper, dh-dkms and lintian; the package test
# boots this machine's root with systemd in the VM and runs dkms there.
DEPS_PKGS := build-essential pkg-config kmod cpio xz-utils perl bc git \
	qemu-system-x86 busybox-static \
	libmnl-dev libnl-3-dev libnl-genl-3-dev liburcu-dev \
	iproute2 nftables iputils-ping procps jq shellcheck frr \
	python3 python3-yaml clang libclang-rt-14-dev libbpf-dev \
	debhelper dh-dkms dkms lintian systemd openssl

CHECKPATCH_FLAGS := --strict --no-tree --max-line-length=80 --show-types \
	--quiet
# Justified exceptions only. LONG_LINE_STRING: coding-style.rst says never
# to break user-visible strings (extack messages), so they can be grepped.
CHECKPATCH_IGNORE := LONG_LINE_STRING
# compat.h exists to test kernel versions where no API tells the difference.
CHECKPATCH_COMPAT := LINUX_VERSION_CODE CONSTANT_COMPARISON

.PHONY: all modules tools test-progs check check-run demo demo-run install \
	style clean distclean deps deps-check ksrc unit vmcheck bench help \
	modules-kernels module-for callgraph fuzz fuzz-replay check-debug \
	check-debug-run deb check-packages

all: modules tools test-progs

help:
	@sed -n '3,24s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

modules:
	@[ -n "$(KERNELRELEASE)" ] && [ -d "$(KDIR)" ] || { \
		echo "No kernel headers found (KDIR=$(KDIR)); run: make deps" >&2; \
		exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# The module for each kernel in KERNELS, each in its own directory
# (build/kmod/KREL: kbuild writes objects next to the sources, so the
# directory holds symlinks to them). Warnings fail the build.
modules-kernels:
	@for k in $(KERNELS); do \
		$(MAKE) --no-print-directory module-for K=$$k || exit 1; done

module-for:
	@d=$(BUILD)/kmod/$(K); mkdir -p $$d/kmod; \
	find $$d -xtype l -delete; \
	ln -sfn $(CURDIR)/uapi $$d/uapi; ln -sf $(CURDIR)/Kbuild $$d/Kbuild; \
	for f in $(KMOD_SRCS) kmod/Kbuild; do ln -sf $(CURDIR)/$$f $$d/kmod/; done; \
	echo "  MODULE  $(K)"; \
	set -o pipefail; \
	$(MAKE) -s -C $(or $(KBUILD),/lib/modules/$(K)/build) M=$$d modules 2>&1 | \
		grep -v "Skipping BTF generation" | tee $$d/build.log; \
	! grep -q "warning:" $$d/build.log || { \
		echo "module build for $(K) has warnings" >&2; exit 1; }

tools:
	$(MAKE) -C tools

test-progs: $(KSRC_STAMP)
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) all

ksrc: $(KSRC_STAMP)

$(KSRC_STAMP):
	@[ -r "$(LINUX_SOURCE_TAR)" ] || { \
		echo "linux-source tarball not found in /usr/src; run: make deps" >&2; \
		exit 1; }
	@mkdir -p $(KSRC)
	@echo "  EXTRACT $(notdir $(LINUX_SOURCE_TAR)) -> build/ksrc"
	@tar -xJf $(LINUX_SOURCE_TAR) -C $(KSRC) --strip-components=1 \
		--wildcards $(addprefix */,$(KSRC_MEMBERS))
	@touch $@

# Exit 0 when every dependency is present, 1 (listing what is missing)
# otherwise. Cheap: one dpkg-query plus a few file tests.
deps-check:
	@ok=$$(dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' \
		$(DEPS_PKGS) 2>/dev/null | awk '$$2 == "ii" { print $$1 }'); \
	missing=; \
	for p in $(DEPS_PKGS); do \
		grep -qx "$$p" <<< "$$ok" || missing="$$missing $$p"; done; \
	k=$$($(KERNELS_CMD) --missing | sed 's/^/linux-/; s/ /-/' | tr '\n' ' '); \
	[ -z "$$k" ] || missing="$$missing $$k"; \
	for v in 6.1 6.12; do [ -r /usr/src/linux-source-$$v.tar.xz ] || \
		missing="$$missing linux-source-$$v"; done; \
	if [ -n "$$missing" ]; then echo "missing:$$missing"; exit 1; fi

deps:
	@if $(MAKE) -s --no-print-directory deps-check; then \
		echo "All dependencies are installed."; \
	else \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		set -ex; \
		$$sudo apt-get update; \
		kpkgs=$$($$sudo $(CURDIR)/tools/deps-kernels); \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y \
			--no-install-recommends $(DEPS_PKGS) $$kpkgs; \
	fi

# Every shell script: *.sh and files starting with a shell #! line.
SCRIPTS_CMD := find . \( -path ./.git -o -path ./build \) -prune -o -type f \
	\( -name '*.sh' -o -perm -u+x \) -print | sort | \
	while read -r f; do case "$$f" in *.sh) echo "$$f" ;; *) \
	head -n1 "$$f" | grep -qE '^\#!(/usr)?/bin/(env )?(ba|da|busybox )?sh' \
	&& echo "$$f" ;; esac; done
KMOD_SRCS = $(filter-out %.mod.c,$(sort $(wildcard kmod/*.[ch] kmod/*/*.[ch])))

style: $(KSRC_STAMP)
	@rc=0; \
	echo "  CHECKPATCH kmod/"; \
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) $(addprefix --ignore ,$(CHECKPATCH_IGNORE)) \
		-f $(filter-out kmod/compat.h,$(KMOD_SRCS)) || rc=1; \
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) \
		$(addprefix --ignore ,$(CHECKPATCH_IGNORE) $(CHECKPATCH_COMPAT)) \
		-f kmod/compat.h || rc=1; \
	echo "  GEN-CHECK uapi/ kmod/nl-spec.[ch]"; \
	$(CURDIR)/tools/ynl/gen.py --check || rc=1; \
	echo "  SHELLCHECK"; \
	$(SCRIPTS_CMD) | xargs -r shellcheck -x -P SCRIPTDIR || rc=1; \
	for f in $$(find . \( -path ./.git -o -path ./build \) -prune -o \
		-name '*.bash-completion' -print); do \
		shellcheck -s bash "$$f" || rc=1; done; \
	exit $$rc

# File-level call graphs of the module and the tool: calls go one way, so a
# cycle fails (tools/callgraph). The module's objects are those kmod/Kbuild
# lists, from the build for the first kernel in KERNELS.
KMOD_OBJDIR ?= build/kmod/$(firstword $(KERNELS))/kmod
KMOD_OBJS = $(addprefix $(KMOD_OBJDIR)/,$(shell sed -n '/^routefence-y/,/[^\\]$$/p' \
	kmod/Kbuild | tr -d '\\' | sed 's/^routefence-y *:=//'))
TOOL_OBJS = $(addprefix tools/,$(shell sed -n '/^OBJS/,/[^\\]$$/p' \
	tools/Makefile | tr -d '\\' | sed 's/^OBJS *:=//'))

callgraph: tools
	@[ -n "$(KERNELS)" ] || { echo "no supported kernel installed; run: make deps" >&2; exit 1; }
	@$(MAKE) --no-print-directory module-for K=$(firstword $(KERNELS))
	@rc=0; echo "  CALLGRAPH kmod/ ($(firstword $(KERNELS)))"; \
	$(CURDIR)/tools/callgraph $(KMOD_OBJS) || rc=1; \
	echo "  CALLGRAPH tools/"; \
	$(CURDIR)/tools/callgraph $(TOOL_OBJS) || rc=1; exit $$rc

# The policy file parser's fuzzing corpus, replayed under ASan and UBSan
# (tools/fuzz); "make fuzz" fuzzes it further (FUZZ_SECONDS).
fuzz fuzz-replay:
	$(MAKE) -C tools $@

# Native userspace tests (no VM needed).
unit:
	@rc=0; if [ -f selftests/lpm/Makefile ]; then \
		$(MAKE) -C selftests/lpm run || rc=1; \
	else echo "  UNIT    selftests/lpm not present, skipped"; fi; \
	$(MAKE) -C selftests/routecheck run || rc=1; exit $$rc

# The kselftest suite in one VM per kernel in KERNELS, with the module
# built for that kernel staged for autoload and the tools on PATH. Prints
# every kernel's KTAP results and summary line, then the total last;
# CHECK_STEPS ("name=status ...") adds results of steps run before it.
CHECK_STEPS ?=

vmcheck: test-progs modules-kernels deb
	@$(CURDIR)/tools/vm/check-kernels $(addprefix --step ,$(CHECK_STEPS)) \
		$(addprefix --packages ,$(PACKAGE_KERNELS)) $(KERNELS)

# The Debian packages, built with dpkg-buildpackage in build/deb (a copy of
# the tree) and checked with lintian; the .debs are copied here.
deb:
	@$(CURDIR)/tools/mkdeb

# Only the package test: make deb, then tools/vm/test-packages on each of
# PACKAGE_KERNELS.
check-packages:
	@$(MAKE) -s --no-print-directory deps-check > /dev/null || $(MAKE) deps
	@$(MAKE) --no-print-directory deb
	@$(CURDIR)/tools/vm/check-kernels $(addprefix --packages ,$(PACKAGE_KERNELS))

# The packages are installed first, in a make of its own: the kernels
# (KERNELS, KERNELRELEASE) are found when a make starts. A style, unit or
# clone-location failure does not stop the suite: every result is
# reported, and any failure fails the run. A build failure stops it.
check:
	@$(MAKE) -s --no-print-directory deps-check > /dev/null || $(MAKE) deps
	@$(MAKE) --no-print-directory check-run

check-run:
	@[ -n "$(KERNELS)" ] || { echo "no supported kernel installed; run: make deps" >&2; exit 1; }
	@echo "  KERNELS $(KERNELS)"
	@$(MAKE) --no-print-directory tools test-progs modules-kernels
	@style=0; graph=0; unit=0; fuzz=0; clone=0; \
	$(MAKE) --no-print-directory style || style=$$?; \
	$(MAKE) --no-print-directory callgraph || graph=$$?; \
	$(MAKE) --no-print-directory unit || unit=$$?; \
	$(MAKE) --no-print-directory fuzz-replay || fuzz=$$?; \
	$(CURDIR)/tools/vm/test-clone-location $(firstword $(KERNELS)) || clone=$$?; \
	$(MAKE) --no-print-directory vmcheck \
		CHECK_STEPS="make-style=$$style make-callgraph=$$graph make-unit=$$unit make-fuzz-replay=$$fuzz clone-location=$$clone"

# The debug kernel (tools/vm/build-debug-kernel: built once, cached in
# ~/.cache/routefence), the module built against it, then the whole suite
# on it with the fuzzer and the stress tests at full size. Any kernel
# report (KASAN, UBSAN, lockdep, RCU, BUG, WARN, hung task) or kmemleak
# finding after the run fails it.
DEBUG_FUZZ_MESSAGES ?= 100000

check-debug:
	@$(MAKE) -s --no-print-directory deps-check > /dev/null || $(MAKE) deps
	@$(MAKE) --no-print-directory check-debug-run

check-debug-run: tools test-progs
	@set -e; start=$$SECONDS; \
	kdir=$$($(CURDIR)/tools/vm/build-debug-kernel); \
	$(MAKE) --no-print-directory module-for K=$$(cat $$kdir/krel) \
		KBUILD=$$kdir/build; \
	sed 's/^/  /' $$kdir/build-stats; \
	rc=0; \
	RF_STRESS=full RF_FUZZ_MESSAGES=$(DEBUG_FUZZ_MESSAGES) \
	KSFT_TIMEOUT=$${KSFT_TIMEOUT:-14400} VM_TIMEOUT=$${VM_TIMEOUT:-21600} \
	VM_MEM=$${VM_MEM:-3G} \
		$(CURDIR)/tools/vm/check-kernels --split stress.sh $$kdir || rc=$$?; \
	echo "check-debug: $$((SECONDS - start)) s"; exit $$rc

demo:
	@$(MAKE) -s --no-print-directory deps-check > /dev/null || $(MAKE) deps
	@$(MAKE) --no-print-directory demo-run

demo-run: tools
	@[ -n "$(KERNELRELEASE)" ] || { echo "no supported kernel installed; run: make deps" >&2; exit 1; }
	@$(MAKE) --no-print-directory module-for K=$(KERNELRELEASE)
	@echo "  DEMO    booting Linux $(KERNELRELEASE) under qemu"
	@$(VMRUN) --kernel $(KERNELRELEASE) \
		--modules $(BUILD)/kmod/$(KERNELRELEASE)/kmod/routefence.ko \
		--path tools -- examples/demo.sh

bench:
	@if [ -f bench/Makefile ]; then $(MAKE) -C bench; \
	else echo "bench/ has no Makefile yet" >&2; exit 1; fi

install:
	@[ -f $(MODULE) ] && [ -x tools/rfence ] || { \
		echo "build first: make" >&2; exit 1; }
	install -D -m 0644 $(MODULE) $(DESTDIR)$(MODDIR)/routefence.ko
	install -D -m 0755 tools/rfence $(DESTDIR)$(SBINDIR)/rfence
	@if [ -f tools/rfence.8 ]; then set -x; \
		install -D -m 0644 tools/rfence.8 $(DESTDIR)$(MANDIR)/man8/rfence.8; fi
	@if [ -f tools/rfence.bash-completion ]; then set -x; \
		install -D -m 0644 tools/rfence.bash-completion \
			$(DESTDIR)$(BASHCOMPDIR)/rfence; fi
	install -D -m 0644 tools/routefence.service \
		$(DESTDIR)$(UNITDIR)/routefence.service
	@if [ ! -e $(DESTDIR)$(SYSCONFDIR)/routefence.conf ]; then set -x; \
		install -D -m 0644 tools/routefence.conf \
			$(DESTDIR)$(SYSCONFDIR)/routefence.conf; fi
	@if [ -z "$(DESTDIR)" ]; then set -x; depmod -a $(KERNELRELEASE); \
	else echo "DESTDIR set: run depmod $(KERNELRELEASE) on the target"; fi

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	@if [ -f tools/Makefile ]; then $(MAKE) -C tools clean; fi
	@if [ -f $(KSFT_DIR)/lib.mk ]; then \
		$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) clean; fi
	@if [ -f selftests/lpm/Makefile ]; then $(MAKE) -C selftests/lpm clean; fi
	$(MAKE) -C selftests/routecheck clean
	@if [ -f bench/Makefile ]; then $(MAKE) -C bench clean; fi
	rm -rf $(BUILD)/vm $(BUILD)/check $(BUILD)/kmod $(BUILD)/deb
	rm -f routefence-dkms_*.deb rfence_*.deb

# Also forgets the extracted kernel files and the VM images.
distclean: clean
	rm -rf $(BUILD)
